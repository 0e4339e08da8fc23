using LogChat.Silo;
using Microsoft.Extensions.Hosting;

// A headless silo: back-end capacity without the gRPC front end. `LogChat.Silo migrate` only applies the schema.
if (args is ["migrate", .. var rest])
{
    return await MigrateCommand.RunAsync(rest);
}

var builder = Host.CreateApplicationBuilder(args);
builder.Configuration.AddLogChatEnvironmentVariables();
builder.UseOrleans(silo => silo.AddLogChatSilo(builder.Configuration));
await builder.Build().RunAsync();
return 0;
