using System.Text.Json;
using System.Text.Json.Serialization;

namespace LogChat.Client.Keys;

/// <summary>The JSON of <c>identity.key</c>, source-generated so that the native (AOT) build needs no reflection.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true)]
[JsonSerializable(typeof(IdentityKeyFile))]
internal sealed partial class IdentityKeyJson : JsonSerializerContext;
