using System.Globalization;
using System.Text.Json.Nodes;

namespace LogChat.Deploy.Tests.Rendering;

/// <summary>Reading parsed manifests, where every scalar is a string and any field may be missing.</summary>
public static class JsonNodeReading
{
    /// <summary>The scalar's text, or null when the node is missing or not a scalar.</summary>
    public static string? Text(this JsonNode? node) => node is JsonValue value ? value.GetValue<string>() : null;

    /// <summary>The scalar as an integer, or null when it is missing or not a number.</summary>
    public static int? Number(this JsonNode? node) =>
        int.TryParse(node.Text(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) ? number : null;

    /// <summary>The scalar as a boolean, or null when it is missing or not <c>true</c>/<c>false</c>.</summary>
    public static bool? Bool(this JsonNode? node) => bool.TryParse(node.Text(), out var flag) ? flag : null;

    /// <summary>The objects of a sequence; none when the node is missing.</summary>
    public static IEnumerable<JsonObject> Objects(this JsonNode? node) =>
        node is JsonArray array ? array.OfType<JsonObject>() : [];

    /// <summary>The strings of a sequence; none when the node is missing.</summary>
    public static IEnumerable<string> Texts(this JsonNode? node) =>
        node is JsonArray array ? array.Select(item => item.Text()).OfType<string>() : [];

    /// <summary>A mapping of strings (labels, ConfigMap data); empty when the node is missing.</summary>
    public static IReadOnlyDictionary<string, string> StringMap(this JsonNode? node) =>
        node is JsonObject map
            ? map.Where(entry => entry.Value.Text() is not null).ToDictionary(entry => entry.Key, entry => entry.Value.Text()!)
            : new Dictionary<string, string>();
}
