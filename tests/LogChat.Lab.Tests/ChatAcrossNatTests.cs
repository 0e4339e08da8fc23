using Xunit.Abstractions;

namespace LogChat.Lab.Tests;

/// <summary>Two chats at once between two clients behind one cone router and two public clients.</summary>
[Collection(LabCollection.Name)]
[Trait("Category", "Lab")]
[Trait("Category", "Postgres")]
public sealed class ChatAcrossNatTests(LabFixture lab, ITestOutputHelper output)
{
    [Fact]
    public async Task Two_clients_behind_one_cone_router_chat_with_public_clients_at_the_same_time()
    {
        var chats = await Task.WhenAll(LabChat.RunAsync(lab, lab.Public1, lab.Cone1), LabChat.RunAsync(lab, lab.Public2, lab.Cone2));

        output.WriteLine($"{lab.Public1} > {lab.Cone1}: {chats[0]}");
        output.WriteLine($"{lab.Public2} > {lab.Cone2}: {chats[1]}");
    }
}
