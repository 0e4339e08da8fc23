using System.Text.Json.Nodes;

namespace LogChat.Deploy.Tests.Rendering;

/// <summary>Kubernetes' label selector semantics (matchLabels and matchExpressions).</summary>
public static class LabelSelector
{
    /// <summary>Whether <paramref name="selector"/> selects an object with <paramref name="labels"/>; an empty selector selects all.</summary>
    public static bool Matches(JsonNode? selector, IReadOnlyDictionary<string, string> labels)
    {
        var matchLabels = selector?["matchLabels"].StringMap() ?? new Dictionary<string, string>();
        if (matchLabels.Any(required => !labels.TryGetValue(required.Key, out var value) || value != required.Value))
        {
            return false;
        }

        return selector?["matchExpressions"].Objects().All(expression => Satisfies(expression, labels)) ?? true;
    }

    /// <summary>Whether the selector names at least one label, i.e. does not select everything.</summary>
    public static bool IsRestrictive(JsonNode? selector) =>
        selector?["matchLabels"].StringMap().Count > 0 || selector?["matchExpressions"].Objects().Any() == true;

    private static bool Satisfies(JsonObject expression, IReadOnlyDictionary<string, string> labels)
    {
        var key = expression["key"].Text() ?? "";
        var values = expression["values"].Texts().ToHashSet();
        var present = labels.TryGetValue(key, out var value);
        return expression["operator"].Text() switch
        {
            "In" => present && values.Contains(value!),
            "NotIn" => !present || !values.Contains(value!),
            "Exists" => present,
            "DoesNotExist" => !present,
            var other => throw new InvalidOperationException($"Unknown selector operator {other}"),
        };
    }
}
