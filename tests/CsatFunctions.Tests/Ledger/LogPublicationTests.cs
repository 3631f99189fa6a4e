using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Specialized;
using CsatFunctions.Ledger;
using CsatFunctions.Ledger.Log;
using CsatFunctions.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CsatFunctions.Tests.Ledger;

/// <summary>The ledger published as a transparency log: C2SP tiles and a signed checkpoint anyone can check, and receipts with inclusion proofs.</summary>
public sealed class LogPublicationTests(AzuriteFixture azurite) : PipelineTest(azurite)
{
    private readonly string published = "site-" + Guid.NewGuid().ToString("N")[..12];

    private readonly string archive = "worm-" + Guid.NewGuid().ToString("N")[..12];

    protected override TimeProvider Clock { get; } = new MidMonthClock();

    private BlobContainerClient Site => Host.Storage.ContainerNamed(published);

    protected override void Configure(Dictionary<string, string?> settings)
    {
        settings["Csat:PublishContainer"] = published;
        settings["Csat:PublishedUrl"] = "https://files.example.test/";
        settings["Csat:LedgerArchiveContainer"] = archive;
    }

    [Fact]
    public async Task The_published_tiles_and_checkpoint_verify_and_a_receipt_proves_a_counted_and_an_answered_ticket()
    {
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Accepted, (await Host.SendTicketAsync(PipelineHost.Ticket($"G-{i}", $"g{i}@example.org"))).StatusCode);
        }

        Assert.True((await Host.SendTicketAsync(PipelineHost.Ticket("G-phone", ""))).IsSuccessStatusCode);
        var mails = await SendGrid.WaitForAsync(3);
        var receipt = await AnswerAsync(mails[0], "excellent");
        await AnswerAsync(mails[1], "unsatisfactory");
        await Host.RefreshScoreAsync();

        // The checkpoint is signed by the published key, names the log, and its root is the tree of the published entries.
        var log = await ReadLogAsync();
        Assert.Equal((4, 2), (log.Leaves.Count(leaf => leaf.Kind == LedgerEntry.Counted), log.Leaves.Count(leaf => leaf.Kind == LedgerEntry.Answered)));
        var description = JsonNode.Parse(await TextAsync("log.json"))!;
        Assert.Equal(log.Key.VerifierKey, description["key"]!.GetValue<string>());
        Assert.Equal(log.Checkpoint.Origin, description["origin"]!.GetValue<string>());
        Assert.Equal(PipelineHost.PublicBaseUrl + "/api/log/receipts/", description["receipts"]!.GetValue<string>());
        Assert.Empty(description["witnesses"]!.AsArray());

        // Every file says how to cache it; the entry bundles are gzip as stored, the checkpoint is archived per size, here and write-once.
        var bundle = (await Site.GetBlobClient(Tiles.EntriesPath(0, 6)).GetPropertiesAsync()).Value;
        Assert.Equal(("gzip", "application/octet-stream", "public, max-age=31536000, immutable"), (bundle.ContentEncoding, bundle.ContentType, bundle.CacheControl));
        var current = (await Site.GetBlobClient("checkpoint").GetPropertiesAsync()).Value;
        Assert.Equal(("text/plain; charset=utf-8", "public, max-age=5"), (current.ContentType, current.CacheControl));
        Assert.Equal(log.Text, await TextAsync("checkpoints/6"));
        Assert.Equal(log.Text, (await Host.Storage.ContainerNamed(archive).GetBlobClient("checkpoints/6").DownloadContentAsync()).Value.Content.ToString());

        // The answered ticket's receipt: its counted and answered leaves, each proved against the checkpoint.
        var answered = await ReceiptAsync(receipt);
        Assert.Equal([LedgerEntry.Counted, LedgerEntry.Answered], answered.Select(entry => entry.Leaf.Kind));
        Assert.Equal("excellent", answered[1].Leaf.Bucket);
        Assert.All(answered, entry => Assert.True(entry.Proves(log)));

        // A ticket counted and never asked has its receipt too (its id, as the ledger key makes it).
        var options = Host.Services.GetRequiredService<CsatOptions>();
        var phone = LedgerEntry.IdOf(options.LedgerKey, await Host.Services.SurveyIdOfAsync("G-phone"));
        var counted = Assert.Single(await ReceiptAsync(phone));
        Assert.Equal(LedgerEntry.Counted, counted.Leaf.Kind);
        Assert.True(counted.Proves(log));

        // A proof made for another leaf, or against a forged root, does not verify.
        Assert.False((answered[0] with { Index = answered[1].Index }).Proves(log));
        Assert.False(answered[0].Proves(log with { Checkpoint = log.Checkpoint with { RootHash = new byte[32] } }));
    }

    [Fact]
    public async Task A_malformed_or_unknown_receipt_is_a_problem_a_website_can_read()
    {
        Assert.Equal(HttpStatusCode.Accepted, (await Host.SendTicketAsync(PipelineHost.Ticket("P-1", "p1@example.org"))).StatusCode);
        var receipt = await AnswerAsync((await SendGrid.WaitForAsync(1))[0], "excellent");

        foreach (var (id, status, detail) in new[]
        {
            ("not-a-receipt", HttpStatusCode.BadRequest, "32 lowercase hexadecimal"),
            (receipt.ToUpperInvariant(), HttpStatusCode.BadRequest, "32 lowercase hexadecimal"),
            (receipt, HttpStatusCode.NotFound, "not in the log yet: answers are appended at the next refresh"),
            (new string('a', 32), HttpStatusCode.NotFound, "not in the log yet"),
        })
        {
            using var response = await Host.Http.GetAsync($"/api/log/receipts/{id}");
            Assert.Equal(status, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
            Assert.Contains(detail, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        await Host.RefreshScoreAsync();
        Assert.Equal(2, (await ReceiptAsync(receipt)).Count);
    }

    [Fact]
    public async Task The_tree_grows_consistently_across_refreshes_and_a_restarted_host_continues_it_without_rewriting_a_tile()
    {
        await CountTicketsAsync("A", 5);
        await Host.RefreshScoreAsync();
        var first = await ReadLogAsync();
        Assert.Equal(5, first.Checkpoint.Size);

        // Past a full tile: the partial tile and bundle of size 5 stay, the full ones are added once.
        await CountTicketsAsync("B", 260);
        await Host.RefreshScoreAsync();
        var second = await ReadLogAsync();
        Assert.Equal(265, second.Checkpoint.Size);
        await AssertConsistentAsync(first, second);
        var tiles = await TileTagsAsync();
        Assert.Contains("tile/0/000.p/5", tiles.Keys);
        Assert.Contains("tile/0/000", tiles.Keys);
        Assert.Contains("tile/entries/001.p/9", tiles.Keys);
        Assert.Contains("tile/1/000.p/1", tiles.Keys);

        // Nothing new: nothing written, not even the checkpoint (the same size is never signed twice).
        var checkpointTag = (await Site.GetBlobClient("checkpoint").GetPropertiesAsync()).Value.ETag;
        await Host.RefreshScoreAsync();
        Assert.Equal(checkpointTag, (await Site.GetBlobClient("checkpoint").GetPropertiesAsync()).Value.ETag);
        Assert.Equal(tiles, await TileTagsAsync());

        // A new host on the same storage reads the chain once and goes on from there.
        var restarted = await RestartAsync();
        try
        {
            await restarted.RefreshScoreAsync();
            Assert.Equal(checkpointTag, (await Site.GetBlobClient("checkpoint").GetPropertiesAsync()).Value.ETag);
            Assert.True(await restarted.SendTicketAsync(PipelineHost.Ticket("C-1", "")) is { IsSuccessStatusCode: true });
            await restarted.RefreshScoreAsync();
            var third = await ReadLogAsync();
            Assert.Equal(266, third.Checkpoint.Size);
            await AssertConsistentAsync(second, third);
            var after = await TileTagsAsync();
            Assert.All(tiles, tile => Assert.Equal(tile.Value, after[tile.Key]));
            Assert.Equal(["tile/0/001.p/10", "tile/entries/001.p/10"], after.Keys.Except(tiles.Keys).Order(StringComparer.Ordinal));
        }
        finally
        {
            await restarted.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_publication_cut_short_after_some_tiles_is_finished_by_the_next_refresh_with_the_same_checkpoint()
    {
        await CountTicketsAsync("A", 3);
        await Host.RefreshScoreAsync();
        var first = await ReadLogAsync();
        var progress = await ProgressRowAsync();
        await CountTicketsAsync("B", 300);
        await Host.RefreshScoreAsync();
        var second = await ReadLogAsync();

        // As a crash would leave it: some of the new tiles written, the progress and the checkpoint still at the old size.
        var written = (await TileTagsAsync()).Keys.Where(path => !path.EndsWith(".p/3", StringComparison.Ordinal)).ToList();
        Assert.True(written.Count >= 4);
        foreach (var path in written.Where((_, i) => i % 2 == 0))
        {
            await Site.DeleteBlobAsync(path);
        }

        await Site.DeleteBlobAsync("checkpoints/303");
        await Site.GetBlobClient("checkpoint").UploadAsync(BinaryData.FromString(first.Text), overwrite: true);
        await Host.Storage.Table("Ledger").UpsertEntityAsync(progress, TableUpdateMode.Replace);

        // The next refresh (by a new host, as after a crash) writes what is missing, then the same checkpoint as before.
        var restarted = await RestartAsync();
        try
        {
            await restarted.RefreshScoreAsync();
        }
        finally
        {
            await restarted.DisposeAsync();
        }

        var finished = await ReadLogAsync();
        Assert.Equal(second.Text, finished.Text);
        await AssertConsistentAsync(first, finished);
    }

    [Fact]
    public async Task A_checkpoint_that_cannot_be_written_stays_at_the_old_size_and_the_next_refresh_publishes_the_one_signed_before()
    {
        await CountTicketsAsync("A", 3);
        await Host.RefreshScoreAsync();
        var first = await ReadLogAsync();

        // Someone holds a lease on the checkpoint: its overwrite fails, the refresh does not.
        var lease = Site.GetBlobClient("checkpoint").GetBlobLeaseClient();
        await lease.AcquireAsync(Azure.Storage.Blobs.Specialized.BlobLeaseClient.InfiniteLeaseDuration);
        await CountTicketsAsync("B", 2);
        await Host.RefreshScoreAsync();
        Assert.Equal(first.Text, await TextAsync("checkpoint"));
        var signed = await TextAsync("checkpoints/5");
        Assert.NotNull(await FetchAsync("tile/0/000.p/5"));

        // Released, the next refresh (with nothing new) publishes the checkpoint signed before, not another.
        await lease.ReleaseAsync();
        await Host.RefreshScoreAsync();
        var second = await ReadLogAsync();
        Assert.Equal(5, second.Checkpoint.Size);
        Assert.Equal(signed, second.Text);
        await AssertConsistentAsync(first, second);
    }

    [Fact]
    public async Task A_host_moved_to_another_container_publishes_the_whole_log_there()
    {
        await CountTicketsAsync("A", 4);
        await Host.RefreshScoreAsync();
        var before = await ReadLogAsync();

        var moved = "site-" + Guid.NewGuid().ToString("N")[..12];
        await Host.StopAsync();
        var restarted = await PipelineHost.StartAsync(Azurite.ConnectionString, SendGrid, settings =>
        {
            Configure(settings);
            settings["Csat:StoragePrefix"] = Host.Storage.Options.Prefix;
            settings["Csat:PublishContainer"] = moved;
        }, clock: Clock);
        try
        {
            await restarted.RefreshScoreAsync();
        }
        finally
        {
            await restarted.DisposeAsync();
        }

        var there = Host.Storage.ContainerNamed(moved);
        Assert.Equal(before.Text, (await there.GetBlobClient("checkpoint").DownloadContentAsync()).Value.Content.ToString());
        Assert.True(await there.GetBlobClient(Tiles.Path(0, 0, 4)).ExistsAsync());
        Assert.True(await there.GetBlobClient(Tiles.EntriesPath(0, 4)).ExistsAsync());
    }

    [Fact]
    public async Task A_hash_tile_that_starts_like_gzip_is_read_as_stored_and_a_damaged_checkpoint_is_a_503()
    {
        await CountTicketsAsync("A", 1);
        await Host.RefreshScoreAsync();
        var log = Host.Services.GetRequiredService<PublishedLog>();

        // One hash tile in 65,536 starts with gzip's magic 1f 8b: only the stored Content-Encoding says a file is zipped.
        byte[] tile = [0x1f, 0x8b, .. Enumerable.Range(2, 30).Select(i => (byte)i)];
        await Site.GetBlobClient(Tiles.Path(0, 1, 1)).UploadAsync(new BinaryData(tile), new Azure.Storage.Blobs.Models.BlobUploadOptions { HttpHeaders = new() { ContentType = "application/octet-stream" } });
        Assert.Equal(tile, await log.Tree(257).RangeHashAsync(256, 257, CancellationToken.None));

        // A checkpoint blob that is there but unreadable is damage (503, retry later), not "not in the log" (404).
        var id = LedgerEntry.IdOf(Host.Services.GetRequiredService<CsatOptions>().LedgerKey, await Host.Services.SurveyIdOfAsync("A-0"));
        Assert.Single(await ReceiptAsync(id));
        await Site.GetBlobClient("checkpoint").UploadAsync(BinaryData.FromString("not a checkpoint\n"), overwrite: true);
        using var response = await Host.Http.GetAsync($"/api/log/receipts/{id}");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
    }

    [Fact]
    public async Task A_host_behind_another_never_moves_the_current_checkpoint_back()
    {
        await CountTicketsAsync("A", 3);
        await Host.RefreshScoreAsync();

        // Another host (this one lost the lease) has already published a bigger tree.
        var key = Host.Services.GetRequiredService<CsatOptions>().Log.SigningKey;
        var ahead = new LogCheckpoint(key.Name, 10, new byte[32]).Text;
        var aheadText = new SignedNote(ahead, [key.Sign(ahead)]).ToString();
        await Site.GetBlobClient("checkpoint").UploadAsync(BinaryData.FromString(aheadText), overwrite: true);

        await CountTicketsAsync("B", 2);
        await Host.RefreshScoreAsync();

        Assert.Equal(aheadText, await TextAsync("checkpoint"));
        Assert.NotNull(await FetchAsync("checkpoints/5"));
    }

    [Fact]
    public async Task An_archived_checkpoint_that_is_not_this_logs_tree_is_not_published()
    {
        await CountTicketsAsync("A", 3);
        await Host.RefreshScoreAsync();
        var first = await ReadLogAsync();

        // checkpoints/5 written by someone else: signed with the log's key, but not over this tree's root.
        var key = Host.Services.GetRequiredService<CsatOptions>().Log.SigningKey;
        var forged = new LogCheckpoint(key.Name, 5, new byte[32]).Text;
        await Site.GetBlobClient("checkpoints/5").UploadAsync(BinaryData.FromString(new SignedNote(forged, [key.Sign(forged)]).ToString()));
        await CountTicketsAsync("B", 2);
        await Host.RefreshScoreAsync();

        Assert.Equal(first.Text, await TextAsync("checkpoint"));
        Assert.Equal(3, (await ProgressRowAsync()).GetInt64("Checkpointed"));

        // Once it is removed, the next refresh signs and publishes the real one.
        await Site.DeleteBlobAsync("checkpoints/5");
        await Host.RefreshScoreAsync();
        var second = await ReadLogAsync();
        Assert.Equal(5, second.Checkpoint.Size);
        await AssertConsistentAsync(first, second);
    }

    [Fact]
    public async Task A_host_whose_log_origin_changed_publishes_nothing_under_the_new_name()
    {
        await CountTicketsAsync("A", 3);
        await Host.RefreshScoreAsync();
        var before = await ReadLogAsync();
        Assert.Equal(before.Checkpoint.Origin, (await ProgressRowAsync()).GetString("Origin"));
        await CountTicketsAsync("B", 2);

        await Host.StopAsync();
        var renamed = await PipelineHost.StartAsync(Azurite.ConnectionString, SendGrid, settings =>
        {
            Configure(settings);
            settings["Csat:StoragePrefix"] = Host.Storage.Options.Prefix;
            settings["Csat:LogOrigin"] = "renamed.example.test/log";
        }, clock: Clock);
        try
        {
            await renamed.RefreshScoreAsync();
        }
        finally
        {
            await renamed.DisposeAsync();
        }

        Assert.Equal(before.Text, await TextAsync("checkpoint"));
        Assert.Null(await FetchAsync("checkpoints/5"));
        Assert.Equal((3L, before.Checkpoint.Origin), ((await ProgressRowAsync()).GetInt64("Checkpointed")!.Value, (await ProgressRowAsync()).GetString("Origin")));
    }

    [Fact]
    public async Task A_host_that_does_not_publish_the_log_keeps_no_tree_in_memory()
    {
        await CountTicketsAsync("A", 3);
        await Host.StopAsync();
        var unpublished = await PipelineHost.StartAsync(Azurite.ConnectionString, SendGrid, settings =>
        {
            Configure(settings);
            settings["Csat:StoragePrefix"] = Host.Storage.Options.Prefix;
            settings["Csat:PublishContainer"] = "off";
        }, clock: Clock);
        try
        {
            await unpublished.RefreshScoreAsync();
            Assert.Equal(0, unpublished.Services.GetRequiredService<LogPublisher>().Size);
        }
        finally
        {
            await unpublished.DisposeAsync();
        }
    }

    private async Task AssertConsistentAsync(PublishedLogFiles older, PublishedLogFiles newer)
    {
        var tree = new TiledTree(newer.Checkpoint.Size, async (path, ct) => await FetchAsync(path));
        var proof = await tree.ConsistencyProofAsync(older.Checkpoint.Size, CancellationToken.None);
        Assert.True(MerkleTree.VerifyConsistency(older.Checkpoint.Size, newer.Checkpoint.Size, older.Checkpoint.RootHash, newer.Checkpoint.RootHash, proof));
        Assert.False(MerkleTree.VerifyConsistency(older.Checkpoint.Size, newer.Checkpoint.Size, new byte[32], newer.Checkpoint.RootHash, proof));
    }

    /// <summary>The log as a reader of the published files checks it: signature, entries, root, and every tile.</summary>
    private async Task<PublishedLogFiles> ReadLogAsync()
    {
        var key = NoteVerifier.Parse(await TextAsync("log.vkey"))!;
        var text = await TextAsync("checkpoint");
        var note = SignedNote.Parse(text)!;
        Assert.True(key.Verifies(note.Text, Assert.Single(note.Signatures)));
        var checkpoint = LogCheckpoint.Parse(note.Text)!;
        Assert.Equal(key.Name, checkpoint.Origin);

        var tree = new TreeHashes();
        var leaves = new List<LogLeaf>();
        foreach (var (_, index, width) in Tiles.Of(checkpoint.Size).Where(tile => tile.Level == 0))
        {
            foreach (var leaf in Tiles.Unbundle(await FetchAsync(Tiles.EntriesPath(index, width)) ?? throw new InvalidDataException("missing bundle"))!)
            {
                tree.Append(MerkleTree.LeafHash(leaf));
                leaves.Add(LogLeaf.Parse(leaf)!);
            }
        }

        Assert.Equal(checkpoint.Size, tree.Size);
        Assert.Equal(checkpoint.RootHash, tree.Root());
        foreach (var (level, index, width) in Tiles.Of(checkpoint.Size))
        {
            var expected = Enumerable.Range(0, width).SelectMany(i => tree.Stored(level * Tiles.Height, (index * Tiles.Width) + i).ToArray()).ToArray();
            Assert.Equal(expected, await FetchAsync(Tiles.Path(level, index, width)));
        }

        return new PublishedLogFiles(text, checkpoint, key, leaves);
    }

    private async Task<List<ReceiptEntry>> ReceiptAsync(string id)
    {
        using var response = await Host.Http.GetAsync($"/api/log/receipts/{id}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(id, body["id"]!.GetValue<string>());
        var checkpoint = body["checkpoint"]!.GetValue<string>();
        Assert.Equal(await TextAsync("checkpoint"), checkpoint);
        return [.. body["entries"]!.AsArray().Select(entry => ReceiptEntry.Parse(entry!, checkpoint))];
    }

    private async Task<Dictionary<string, Azure.ETag>> TileTagsAsync()
    {
        var tags = new Dictionary<string, Azure.ETag>(StringComparer.Ordinal);
        await foreach (var blob in Site.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, "tile/", CancellationToken.None))
        {
            tags[blob.Name] = blob.Properties.ETag!.Value;
        }

        return tags;
    }

    private async Task<TableEntity> ProgressRowAsync() =>
        (await Host.Storage.Table("Ledger").GetEntityAsync<TableEntity>(LogProgress.Partition, "progress")).Value;

    /// <summary>Tickets counted and never asked (no address): the quickest way to many leaves.</summary>
    private async Task CountTicketsAsync(string prefix, int count)
    {
        foreach (var batch in Enumerable.Range(0, count).Chunk(10))
        {
            var sent = await Task.WhenAll(batch.Select(i => Host.SendTicketAsync(PipelineHost.Ticket($"{prefix}-{i}", ""))));
            Assert.All(sent, response => Assert.True(response.IsSuccessStatusCode));
        }
    }

    private async Task<PipelineHost> RestartAsync()
    {
        await Host.StopAsync();
        return await PipelineHost.StartAsync(Azurite.ConnectionString, SendGrid, settings =>
        {
            Configure(settings);
            settings["Csat:StoragePrefix"] = Host.Storage.Options.Prefix;
        }, clock: Clock);
    }

    private async Task<string> TextAsync(string path) => Encoding.UTF8.GetString(await FetchAsync(path) ?? throw new InvalidDataException($"{path} is missing"));

    /// <summary>A published file as a browser gets it: gzip undone.</summary>
    private async Task<byte[]?> FetchAsync(string path)
    {
        var blob = Site.GetBlobClient(path);
        if (!await blob.ExistsAsync())
        {
            return null;
        }

        var stored = (await blob.DownloadContentAsync()).Value;
        return stored.Details.ContentEncoding == "gzip" ? GzipBytes.Unpack(stored.Content.ToArray()) : stored.Content.ToArray();
    }

    private async Task<string> AnswerAsync(ReceivedMail mail, string rating)
    {
        using var response = await Host.Http.PostAsync(SurveyMail.PostPathFor(mail), new FormUrlEncodedContent([new("rating", rating)]));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return System.Text.RegularExpressions.Regex.Match(await response.Content.ReadAsStringAsync(), "receipt ([0-9a-f]{32})").Groups[1].Value;
    }

    private sealed record PublishedLogFiles(string Text, LogCheckpoint Checkpoint, NoteVerifier Key, List<LogLeaf> Leaves);

    /// <summary>One entry of a receipt, with its tlog-proof read as the spec lays it out.</summary>
    private sealed record ReceiptEntry(long Index, LogLeaf Leaf, byte[] Extra, long ProofIndex, List<byte[]> Proof, string Checkpoint)
    {
        public static ReceiptEntry Parse(JsonNode entry, string checkpoint)
        {
            var proof = entry["proof"]!.GetValue<string>();
            var blank = proof.IndexOf("\n\n", StringComparison.Ordinal);
            var lines = proof[..blank].Split('\n');
            Assert.Equal("c2sp.org/tlog-proof@v1", lines[0]);
            var extra = Convert.FromBase64String(lines[1]["extra ".Length..]);
            var leaf = LogLeaf.Parse(extra)!;
            Assert.Equal(entry["leaf"]!.ToJsonString(), Encoding.UTF8.GetString(extra));
            return new ReceiptEntry(entry["index"]!.GetValue<long>(), leaf, extra, long.Parse(lines[2]["index ".Length..], System.Globalization.CultureInfo.InvariantCulture), [.. lines[3..].Select(Convert.FromBase64String)], proof[(blank + 2)..]);
        }

        public bool Proves(PublishedLogFiles log) =>
            Index == ProofIndex && Checkpoint == log.Text
            && MerkleTree.VerifyInclusion(Index, log.Checkpoint.Size, MerkleTree.LeafHash(Extra), Proof, log.Checkpoint.RootHash);
    }
}
