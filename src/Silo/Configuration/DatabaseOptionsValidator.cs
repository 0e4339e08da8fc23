using Microsoft.Extensions.Options;
using Npgsql;

namespace LogChat.Silo.Configuration;

/// <summary>Refuses to start without a usable database connection string.</summary>
internal sealed class DatabaseOptionsValidator : IValidateOptions<DatabaseOptions>
{
    private const string Key = DatabaseOptions.SectionName + ":ConnectionString";
    private const string Hint = $"set {Key} (environment variable LOGCHAT_LogChat__Database__ConnectionString)";

    public ValidateOptionsResult Validate(string? name, DatabaseOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return ValidateOptionsResult.Fail($"{Key} is missing: {Hint}.");
        }

        try
        {
            var builder = new NpgsqlConnectionStringBuilder(options.ConnectionString);
            return string.IsNullOrEmpty(builder.Host) || string.IsNullOrEmpty(builder.Database)
                ? ValidateOptionsResult.Fail($"{Key} must name a Host and a Database: {Hint}.")
                : ValidateOptionsResult.Success;
        }
        catch (ArgumentException e)
        {
            return ValidateOptionsResult.Fail($"{Key} is not a valid Npgsql connection string ({e.Message}): {Hint}.");
        }
    }
}
