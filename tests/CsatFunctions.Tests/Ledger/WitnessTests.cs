using System.Text;
using CsatFunctions.Ledger.Log;
using CsatFunctions.Settings;
using CsatFunctions.Tests.Infrastructure;
using CsatFunctions.Tests.SelfHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CsatFunctions.Tests.Ledger;

/// <summary>
/// The log asks its witnesses to cosign each new checkpoint (C2SP tlog-witness add-checkpoint) and keeps
/// only cosignatures that verify with each witness's configured key: against stub witnesses written
/// from the spec, over Azurite where the log remembers each witness's last size.
/// </summary>
public sealed class WitnessTests(AzuriteFixture azurite) : IAsyncDisposable
{
    private const string Origin = "csat.example.com/log";
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 10, 5, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider time = new(Now);
    private readonly NoteSigner logKey = NoteSigner.Generate(Origin);
    private readonly TreeHashes tree = new();
    private readonly SecretExposureTests.LogCapture logs = new();
    private readonly List<IAsyncDisposable> started = [];
    private readonly string prefix = AzuriteFixture.UniquePrefix();

    [Fact]
    public async Task A_witness_cosigns_each_new_checkpoint_from_the_size_it_cosigned_before()
    {
        var witness = await Witness("witness.example/w1");
        var log = await Log(witness);

        var first = Checkpoint(3);
        var cosignatures = await log.CosignAsync(first, ProofTo(3), CancellationToken.None);

        var cosignature = Assert.Single(cosignatures);
        Assert.True(witness.Cosigned(first.Text, cosignature.Line));
        Assert.Equal((ulong)Now.ToUnixTimeSeconds(), NoteVerifier.CosignedAt(cosignature));

        var second = Checkpoint(7);
        Assert.True(witness.Cosigned(second.Text, Assert.Single(await log.CosignAsync(second, ProofTo(7), CancellationToken.None)).Line));
        Assert.Equal([(0L, 0, 200), (3L, MerkleTree.ConsistencyRanges(3, 7).Count, 200)], witness.Requests);
    }

    [Fact]
    public async Task A_witness_that_cosigned_another_size_answers_409_and_is_asked_once_more_from_its_size()
    {
        var witness = await Witness("witness.example/w1");
        Checkpoint(2);
        witness.Saw(2, tree.Root());
        var log = await Log(witness);

        var checkpoint = Checkpoint(5);
        var cosignature = Assert.Single(await log.CosignAsync(checkpoint, ProofTo(5), CancellationToken.None));

        Assert.True(witness.Cosigned(checkpoint.Text, cosignature.Line));
        Assert.Equal([(0L, 0, 409), (2L, MerkleTree.ConsistencyRanges(2, 5).Count, 200)], witness.Requests);
        Assert.Equal(5, witness.Size);
    }

    [Fact]
    public async Task A_409_whose_size_type_is_spelled_in_capitals_is_still_the_witness_size()
    {
        var witness = await Witness("witness.example/w1");
        witness.ConflictType = "Text/X.TLOG.Size";
        Checkpoint(2);
        witness.Saw(2, tree.Root());
        var log = await Log(witness);

        Assert.Single(await log.CosignAsync(Checkpoint(5), ProofTo(5), CancellationToken.None));

        Assert.Equal([409, 200], witness.Requests.Select(request => request.Status));
    }

    [Theory]
    [InlineData(0UL, false)]
    [InlineData(1UL, true)]
    [InlineData((1UL << 63) - 1, true)]
    [InlineData(1UL << 63, false)]
    [InlineData(ulong.MaxValue, false)]
    public void A_cosignature_timestamp_of_zero_or_past_two_to_the_63_is_refused(ulong timestamp, bool accepted)
    {
        using var witnessKey = NSec.Cryptography.Key.Create(NSec.Cryptography.SignatureAlgorithm.Ed25519);
        var publicKey = witnessKey.PublicKey.Export(NSec.Cryptography.KeyBlobFormat.RawPublicKey);
        const string name = "witness.example/w1";
        var verifier = new NoteVerifier(name, NoteSignature.KeyIdOf(name, NoteVerifier.Cosignature, publicKey), NoteVerifier.Cosignature, publicKey);
        var text = Checkpoint(3).Text;

        var signed = new byte[72];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(signed, timestamp);
        NSec.Cryptography.SignatureAlgorithm.Ed25519.Sign(witnessKey, Encoding.UTF8.GetBytes(NoteVerifier.CosignedMessage(text, timestamp)), signed.AsSpan(8));

        Assert.Equal(accepted, verifier.Verifies(text, new NoteSignature(name, verifier.KeyId, signed)));
    }

    [Fact]
    public async Task The_same_witness_key_twice_stops_start_up_with_its_own_line()
    {
        var witness = await Witness("witness.example/w1");
        var settings = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Csat:LinkSigningKey"] = PipelineHost.LinkSigningKeyText,
            ["Csat:LogSigningKey"] = logKey.PrivateKeyText,
            ["Csat:LogWitnesses"] = $"{witness.Setting};{witness.VerifierKey} https://elsewhere.example/",
        }).Build();

        var problem = Assert.Single(Assert.Throws<SettingsException>(() => CsatSettings.Read(settings)).Problems, line => line.StartsWith("Csat__LogWitnesses", StringComparison.Ordinal));

        Assert.Contains("witness.example/w1", problem);
        Assert.Contains("is listed twice", problem);
    }

    [Fact]
    public async Task A_witness_that_cosigned_a_bigger_tree_than_ours_is_an_error_and_not_asked_again_for_this_checkpoint()
    {
        var witness = await Witness("witness.example/w1");
        witness.Saw(9, new byte[32]);
        var log = await Log(witness);

        Assert.Empty(await log.CosignAsync(Checkpoint(5), ProofTo(5), CancellationToken.None));

        Assert.Equal([(0L, 0, 409)], witness.Requests);
        Assert.Contains("Error", logs.Text);
        Assert.Contains("a tree of 9 entries of this log (csat.example.com/log), bigger than ours of 5", logs.Text);
    }

    [Theory]
    [InlineData(WitnessBehaviour.ForgeKey)]
    [InlineData(WitnessBehaviour.ForgeText)]
    public async Task A_forged_cosignature_under_the_witness_name_and_key_id_is_refused_and_not_returned(WitnessBehaviour forgery)
    {
        var witness = await Witness("witness.example/w1");
        witness.Behaviour = forgery;
        var log = await Log(witness);

        Assert.Empty(await log.CosignAsync(Checkpoint(4), ProofTo(4), CancellationToken.None));

        Assert.Equal(200, Assert.Single(witness.Requests).Status);
        Assert.Contains("Warning", logs.Text);
        Assert.Contains("returned a cosignature of checkpoint 4 that does not verify with its configured key: refused, not published.", logs.Text);
    }

    [Fact]
    public async Task A_cosignature_of_a_witness_not_configured_is_ignored()
    {
        var witness = await Witness("witness.example/w1");
        using var stranger = NoteSigner.Generate("stranger.example/w9");
        witness.ExtraLine = stranger.Sign("anything\n").Line;
        var log = await Log(witness);

        var checkpoint = Checkpoint(4);
        var cosignature = Assert.Single(await log.CosignAsync(checkpoint, ProofTo(4), CancellationToken.None));

        Assert.True(witness.Cosigned(checkpoint.Text, cosignature.Line));
        Assert.DoesNotContain("stranger", logs.Text);
        Assert.DoesNotContain("Warning", logs.Text);
    }

    [Fact]
    public async Task A_silent_witness_holds_the_call_no_longer_than_the_timeout_and_the_others_cosignatures_are_kept()
    {
        var silent = await Witness("silent.example/w1");
        silent.Behaviour = WitnessBehaviour.Hang;
        var good = await Witness("witness.example/w2");
        var log = await Log(silent, good);

        var checkpoint = Checkpoint(6);
        var cosigning = log.CosignAsync(checkpoint, ProofTo(6), CancellationToken.None);
        await silent.Asked.Task.WaitAsync(TimeSpan.FromSeconds(30));
        // Its answer taken in, before the clock moves: both witnesses' timeouts run on the same clock.
        await Eventually.TrueAsync(() => Task.FromResult(logs.Text.Contains("Witness witness.example/w2 cosigned checkpoint 6.", StringComparison.Ordinal)), "the other witness's cosignature");
        Assert.False(cosigning.IsCompleted);

        time.Advance(LogOptions.DefaultWitnessTimeout);
        var cosignature = Assert.Single(await cosigning.WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.True(good.Cosigned(checkpoint.Text, cosignature.Line));
        Assert.Contains("Witness silent.example/w1 (127.0.0.1) did not answer within 00:00:05: checkpoint 6 is published without its cosignature", logs.Text);
        silent.Released.SetResult();
    }

    [Theory]
    [InlineData(422)]
    [InlineData(403)]
    [InlineData(404)]
    public async Task A_witness_that_refuses_is_logged_and_skipped_and_asked_again_at_the_next_checkpoint(int status)
    {
        var witness = await Witness("witness.example/w1");
        witness.Behaviour = WitnessBehaviour.Refuse;
        witness.RefuseWith = status;
        var log = await Log(witness);

        Assert.Empty(await log.CosignAsync(Checkpoint(3), ProofTo(3), CancellationToken.None));
        Assert.Contains($"Witness witness.example/w1 (127.0.0.1) answered {status} to checkpoint 3: published without its cosignature", logs.Text);
        Assert.DoesNotContain(witness.Url.AbsoluteUri, logs.Text);

        witness.Behaviour = WitnessBehaviour.Cosign;
        var next = Checkpoint(4);
        Assert.True(witness.Cosigned(next.Text, Assert.Single(await log.CosignAsync(next, ProofTo(4), CancellationToken.None)).Line));
    }

    [Fact]
    public async Task An_unreachable_witness_is_logged_and_skipped()
    {
        var gone = await Witness("gone.example/w1");
        var good = await Witness("witness.example/w2");
        var log = await Log(gone, good);
        var goneUrl = gone.Url.AbsoluteUri;
        await gone.DisposeAsync();

        var checkpoint = Checkpoint(2);
        var cosignature = Assert.Single(await log.CosignAsync(checkpoint, ProofTo(2), CancellationToken.None));

        Assert.True(good.Cosigned(checkpoint.Text, cosignature.Line));
        Assert.Contains("Witness gone.example/w1 (127.0.0.1) could not be reached", logs.Text);

        // The host only: a witness's URL may carry a token in its path.
        Assert.DoesNotContain(goneUrl, logs.Text);
    }

    [Fact]
    public async Task The_size_a_witness_cosigned_is_remembered_by_a_new_instance_of_the_log()
    {
        var witness = await Witness("witness.example/w1");
        Assert.Single(await (await Log(witness)).CosignAsync(Checkpoint(3), ProofTo(3), CancellationToken.None));

        var restarted = await Log(witness);
        Assert.Single(await restarted.CosignAsync(Checkpoint(6), ProofTo(6), CancellationToken.None));

        // No 409: the new instance sent the size the witness cosigned, read back from storage.
        Assert.Equal([(0L, 0, 200), (3L, MerkleTree.ConsistencyRanges(3, 6).Count, 200)], witness.Requests);
    }

    [Fact]
    public void A_witness_key_that_is_not_an_ed25519_cosignature_key_stops_start_up_with_its_own_line()
    {
        // An ML-DSA-44 vkey (type 0x06, a 1312-byte public key), the kind tlog-witness recommends for new witnesses.
        var mlDsa = $"witness.example/pq+01234567+{Convert.ToBase64String([0x06, .. new byte[1312]])}";
        var settings = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Csat:LinkSigningKey"] = PipelineHost.LinkSigningKeyText,
            ["Csat:LogSigningKey"] = logKey.PrivateKeyText,
            ["Csat:LogWitnesses"] = $"{mlDsa} https://witness.example/",
        }).Build();

        var problem = Assert.Single(Assert.Throws<SettingsException>(() => CsatSettings.Read(settings)).Problems, line => line.StartsWith("Csat__LogWitnesses", StringComparison.Ordinal));

        Assert.Contains("ML-DSA-44 witness keys, type 0x06, are not supported yet", problem);
    }

    [Fact]
    public void Keys_whose_base64_holds_a_plus_sign_are_read_as_go_writes_them()
    {
        // The key's base64 may hold '+', the separator of the text forms: only the first separators split it (Go's note package).
        using var signer = Enumerable.Range(0, 100).Select(seed => NoteSigner.FromSeed(Origin, [.. Enumerable.Repeat((byte)seed, 32)]))
            .First(candidate => candidate.VerifierKey.Split('+').Length > 3);

        Assert.Equal(signer.VerifierKey, NoteSigner.Parse(signer.PrivateKeyText)?.VerifierKey);
        Assert.Equal(signer.VerifierKey, NoteVerifier.Parse(signer.VerifierKey)?.VerifierKey);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var disposable in started)
        {
            await disposable.DisposeAsync();
        }

        logKey.Dispose();
    }

    private async Task<WitnessStub> Witness(string name)
    {
        var witness = await WitnessStub.StartAsync(name, logKey.VerifierKey, time);
        started.Add(witness);
        return witness;
    }

    /// <summary>The log's witnesses as the pipeline builds them from <c>Csat__LogWitnesses</c>; every call over the same storage.</summary>
    private async Task<LogWitnesses> Log(params WitnessStub[] witnesses)
    {
        var services = await PipelineServices.CreateAsync(azurite.ConnectionString, time, settings: new Dictionary<string, string?>
        {
            ["Csat:StoragePrefix"] = prefix,
            ["Csat:LogSigningKey"] = logKey.PrivateKeyText,
            ["Csat:LogWitnesses"] = string.Join(';', witnesses.Select(witness => witness.Setting)),
        }, logging: logs);
        started.Add(services);
        Assert.Equal(witnesses.Length, services.GetRequiredService<CsatOptions>().Log.Witnesses.Count);
        return services.GetRequiredService<LogWitnesses>();
    }

    /// <summary>Grows the test's tree to <paramref name="size"/> leaves and signs its checkpoint with the log's key.</summary>
    private SignedNote Checkpoint(long size)
    {
        while (tree.Size < size)
        {
            tree.Append(MerkleTree.LeafHash(Encoding.UTF8.GetBytes($"leaf {tree.Size}")));
        }

        var text = new LogCheckpoint(Origin, size, tree.Root()).Text;
        return new SignedNote(text, [logKey.Sign(text)]);
    }

    private Func<long, CancellationToken, Task<IReadOnlyList<byte[]>>> ProofTo(long size) =>
        (oldSize, _) => Task.FromResult<IReadOnlyList<byte[]>>([.. MerkleTree.ConsistencyRanges(oldSize, size).Select(range => tree.RangeHash(range.Start, range.End))]);
}
