using Xunit.Abstractions;

namespace LogChat.Lab.Tests;

/// <summary>
/// Two people on different networks chat with default settings when the one who asks (the initiator, who hosts) has a
/// public address, whatever router the other sits behind.
/// </summary>
[Collection(LabCollection.Name)]
[Trait("Category", "Lab")]
[Trait("Category", "Postgres")]
public sealed class ChatAcrossNatTests(LabFixture lab, ITestOutputHelper output)
{
    [Fact]
    public Task A_public_client_chats_with_another_public_client() => ChatAsync(lab.Public1, lab.Public2);

    [Fact]
    public Task A_public_client_chats_with_one_behind_a_router_with_a_forwarded_port() => ChatAsync(lab.Public1, lab.Forwarded);

    [Fact]
    public Task A_public_client_chats_with_one_behind_a_cone_router() => ChatAsync(lab.Public1, lab.Cone1);

    [Fact]
    public Task A_public_client_chats_with_one_behind_a_symmetric_router() => ChatAsync(lab.Public1, lab.Symmetric);

    [Fact]
    public async Task Two_clients_behind_one_cone_router_chat_with_public_clients_at_the_same_time()
    {
        var chats = await Task.WhenAll(LabChat.RunAsync(lab, lab.Public1, lab.Cone1), LabChat.RunAsync(lab, lab.Public2, lab.Cone2));

        output.WriteLine($"{lab.Public1} > {lab.Cone1}: {chats[0]}");
        output.WriteLine($"{lab.Public2} > {lab.Cone2}: {chats[1]}");
    }

    private async Task ChatAsync(LabClient initiator, LabClient responder)
    {
        var timings = await LabChat.RunAsync(lab, initiator, responder);
        output.WriteLine($"{initiator} > {responder}: {timings} (lab built in {lab.SetupTime.TotalSeconds:0.0} s)");
    }
}
