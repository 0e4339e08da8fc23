using System.Globalization;
using System.Reflection;

namespace LogChat.Silo.Schema;

/// <summary>The schema scripts embedded in this assembly (<c>src/Silo/Schema/NNNN_name.sql</c>).</summary>
public static class SchemaScripts
{
    private const string ResourcePrefix = "LogChat.Silo.Schema.";
    private const string ResourceSuffix = ".sql";

    /// <summary>Every script, in the order it applies; throws when two scripts share a version or a name has no version.</summary>
    public static IReadOnlyList<SchemaScript> All { get; } = Load(typeof(SchemaScripts).Assembly);

    private static SchemaScript[] Load(Assembly assembly)
    {
        var scripts = assembly.GetManifestResourceNames()
            .Where(resource => resource.StartsWith(ResourcePrefix, StringComparison.Ordinal)
                && resource.EndsWith(ResourceSuffix, StringComparison.Ordinal))
            .Select(resource => Read(assembly, resource))
            .OrderBy(script => script.Version)
            .ToArray();

        var duplicate = scripts.GroupBy(script => script.Version).FirstOrDefault(group => group.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException(
                $"Schema scripts {string.Join(" and ", duplicate.Select(s => s.Name))} share version {duplicate.Key}.");
        }

        return scripts;
    }

    private static SchemaScript Read(Assembly assembly, string resource)
    {
        var name = resource[ResourcePrefix.Length..^ResourceSuffix.Length];
        var separator = name.IndexOf('_', StringComparison.Ordinal);
        if (separator <= 0 || !int.TryParse(name.AsSpan(0, separator), NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            throw new InvalidOperationException($"Schema script '{name}.sql' must be named NNNN_description.sql.");
        }

        using var stream = assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Schema script resource '{resource}' cannot be read.");
        using var reader = new StreamReader(stream);
        return new SchemaScript(version, name, reader.ReadToEnd());
    }
}
