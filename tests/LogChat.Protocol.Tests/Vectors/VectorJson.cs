using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace LogChat.Protocol.Tests.Vectors;

/// <summary>How the files in docs/vectors are written: indented JSON, "\n" line ends, text unescaped, bytes as lowercase hex.</summary>
internal static class VectorJson
{
    public static void Hex(Utf8JsonWriter json, string name, byte[] value) => json.WriteString(name, Convert.ToHexStringLower(value));

    public static string Write(Action<Utf8JsonWriter> body)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, NewLine = "\n", Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            body(json);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }
}
