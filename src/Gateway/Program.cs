using LogChat.Gateway.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddLogChatGateway();
var app = builder.Build();
app.MapLogChatGateway();
await app.RunAsync();
