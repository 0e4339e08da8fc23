using System.Security.Cryptography;
using System.Text;

namespace LogChat.Silo.Schema;

/// <summary>One versioned SQL script of the LogChat schema, such as <c>0002_orleans_query_table.sql</c>.</summary>
/// <param name="Version">The number the file name starts with; scripts apply in ascending order.</param>
/// <param name="Name">The file name without extension.</param>
/// <param name="Sql">The script's text.</param>
public sealed record SchemaScript(int Version, string Name, string Sql)
{
    /// <summary>SHA-256 of the text (hex), recorded when applied so a later edit of an applied script is caught.</summary>
    public string Checksum => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Sql)));
}
