using LogChat.Relay.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddLogChatRelay();
var app = builder.Build();
app.MapLogChatRelay();
await app.RunAsync();
