namespace CsatFunctions.Scores.Policy;

/// <summary>What the policy may say of the public ledger (<see cref="CsatFunctions.Ledger.LedgerPublisher"/>).</summary>
/// <param name="Published">Whether the static files, the ledger and its verify page among them, are published (<c>Csat__PublishContainer</c> is not <c>off</c>).</param>
/// <param name="CheckpointSigned">Whether the published checkpoint is signed: always, when published, since the transparency log's checkpoint is signed with <c>Csat__LogSigningKey</c> (by default derived from <c>Csat__LedgerKey</c>). It now always equals <paramref name="Published"/> and stays for the JSON the policy is rendered to, whose readers expect it.</param>
/// <param name="VerifyUrl">The verify page's address, when the ledger is published and <c>Csat__PublishedUrl</c> says where.</param>
public sealed record ReviewPolicyLedger(bool Published, bool CheckpointSigned, string? VerifyUrl)
{
    public static ReviewPolicyLedger Of(CsatOptions options) => new(
        options.PublishContainer is not null,
        options.PublishContainer is not null,
        options.PublishContainer is null ? null : options.VerifyPage());
}
