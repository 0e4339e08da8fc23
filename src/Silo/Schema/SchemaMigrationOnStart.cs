using LogChat.Silo.Configuration;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Runtime;

namespace LogChat.Silo.Schema;

/// <summary>Migrates the database in the silo's first lifecycle stage, before membership and storage use it.</summary>
internal sealed class SchemaMigrationOnStart(SchemaMigrator migrator, IOptions<DatabaseOptions> options)
    : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle)
    {
        if (options.Value.MigrateOnStart)
        {
            lifecycle.Subscribe(nameof(SchemaMigrationOnStart), ServiceLifecycleStage.First,
                async cancellationToken => await migrator.MigrateAsync(cancellationToken));
        }
    }
}
