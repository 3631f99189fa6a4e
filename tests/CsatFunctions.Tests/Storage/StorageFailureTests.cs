using System.Net;
using System.Net.Sockets;
using Azure;
using Azure.Data.Tables;
using CsatFunctions.Storage;
using CsatFunctions.Tests.Infrastructure;
using CsatFunctions.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace CsatFunctions.Tests.Storage;

/// <summary>
/// Which storage failures are an outage (503, retried) and which are permanent: each class from the
/// real SDK where one can be had here (Azurite, a closed port, a server that never answers).
/// </summary>
public sealed class StorageFailureTests(AzuriteFixture azurite)
{
    [Theory]
    [InlineData(408)]
    [InlineData(429)]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    public void Timeouts_throttling_and_server_errors_are_outages(int status) =>
        Assert.True(StorageFailure.IsOutage(new RequestFailedException(status, "answered"), CancellationToken.None));

    [Theory]
    [InlineData(400)]
    [InlineData(403)]
    [InlineData(404)]
    [InlineData(409)]
    [InlineData(412)]
    public void Refusals_are_not_outages(int status) =>
        Assert.False(StorageFailure.IsOutage(new RequestFailedException(status, "refused"), CancellationToken.None));

    [Fact]
    public async Task A_value_storage_cannot_keep_is_refused_with_400_and_is_not_an_outage()
    {
        var table = new TableServiceClient(azurite.ConnectionString).GetTableClient(AzuriteFixture.UniquePrefix());
        await table.CreateIfNotExistsAsync();

        var refused = await Assert.ThrowsAsync<RequestFailedException>(() => table.AddEntityAsync(new TableEntity("p", "has/a/slash")));

        Assert.Equal(400, refused.Status);
        Assert.True(StorageFailure.IsInvalidValue(refused));
        Assert.False(StorageFailure.IsOutage(refused, CancellationToken.None));

        // What a route answers when it meets this refusal: 400 once, not 503 and a retry forever.
        await using var host = await PipelineHost.StartAsync(azurite.ConnectionString, sendGrid: null, settings => settings["SendGrid:ApiKey"] = "SG.unused");
        var context = new DefaultHttpContext { RequestServices = host.Services };
        context.Response.Body = new MemoryStream();
        var answer = host.Services.GetRequiredService<StorageOutageAnswer>().For(CsatRoutes.Named(CsatRoutes.Campaign), context, refused);
        await answer!.ExecuteAsync(context);
        Assert.Equal(StatusCodes.Status400BadRequest, context.Response.StatusCode);
        Assert.Equal("application/problem+json", context.Response.ContentType);
        Assert.False(context.Response.Headers.ContainsKey("Retry-After"));
    }

    [Fact]
    public async Task A_row_that_kept_changing_under_a_helpdesks_delivery_is_answered_503_with_retry_after_never_500()
    {
        await using var host = await PipelineHost.StartAsync(azurite.ConnectionString, sendGrid: null, settings => settings["SendGrid:ApiKey"] = "SG.unused");
        foreach (var route in new[] { CsatRoutes.TicketResolved, CsatRoutes.HelpdeskTicketResolved })
        {
            var context = new DefaultHttpContext { RequestServices = host.Services };
            context.Response.Body = new MemoryStream();
            var answer = host.Services.GetRequiredService<StorageOutageAnswer>().For(CsatRoutes.Named(route), context, new ConcurrentChangeException("Survey s kept changing while a reopen was noted."));
            await answer!.ExecuteAsync(context);
            Assert.Equal(StatusCodes.Status503ServiceUnavailable, context.Response.StatusCode);
            Assert.Equal("application/problem+json", context.Response.ContentType);
            Assert.Equal(Problems.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture), context.Response.Headers.RetryAfter.ToString());
        }
    }

    [Fact]
    public async Task A_missing_table_is_a_refusal_not_an_outage()
    {
        var table = new TableServiceClient(azurite.ConnectionString).GetTableClient(AzuriteFixture.UniquePrefix());

        var missing = await Assert.ThrowsAsync<RequestFailedException>(() => table.GetEntityAsync<TableEntity>("p", "r"));

        Assert.Equal(404, missing.Status);
        Assert.False(StorageFailure.IsOutage(missing, CancellationToken.None));
    }

    [Fact]
    public async Task A_refused_connection_is_an_outage()
    {
        using var closed = new TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var port = ((IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();

        var failure = await Record(TableAt(port, TimeSpan.FromSeconds(5)), CancellationToken.None);

        Assert.True(StorageFailure.IsOutage(failure, CancellationToken.None), failure.ToString());
    }

    [Fact]
    public async Task The_sdks_network_timeout_is_an_outage_and_the_callers_own_cancellation_is_not()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;

        // Accepts and never answers: the SDK gives up after its network timeout.
        var timedOut = await Record(TableAt(port, TimeSpan.FromMilliseconds(300)), CancellationToken.None);
        using var caller = new CancellationTokenSource();
        var pending = Record(TableAt(port, TimeSpan.FromMinutes(1)), caller.Token);
        await caller.CancelAsync();
        var cancelled = await pending;

        Assert.True(StorageFailure.IsOutage(timedOut, CancellationToken.None), timedOut.ToString());
        Assert.IsAssignableFrom<OperationCanceledException>(cancelled);
        Assert.False(StorageFailure.IsOutage(cancelled, caller.Token));
    }

    [Fact]
    public void Network_failures_below_the_sdk_and_retries_that_all_failed_are_outages()
    {
        Assert.True(StorageFailure.IsOutage(new RequestFailedException(0, "no answer", new HttpRequestException("reset", new SocketException((int)SocketError.ConnectionReset))), CancellationToken.None));
        Assert.True(StorageFailure.IsOutage(new RequestFailedException(0, "no answer", new IOException("broken pipe")), CancellationToken.None));
        Assert.True(StorageFailure.IsOutage(new RequestFailedException(0, "no answer", new SocketException((int)SocketError.HostUnreachable)), CancellationToken.None));
        Assert.True(StorageFailure.IsOutage(new AggregateException(new RequestFailedException(503, "busy"), new HttpRequestException("refused")), CancellationToken.None));
        Assert.False(StorageFailure.IsOutage(new AggregateException(new RequestFailedException(503, "busy"), new RequestFailedException(400, "bad")), CancellationToken.None));
        Assert.False(StorageFailure.IsOutage(new RequestFailedException(0, "no answer"), CancellationToken.None));
        Assert.False(StorageFailure.IsOutage(new InvalidOperationException("a bug"), CancellationToken.None));

        // What reading a slow or broken client's body throws (Kestrel's BadHttpRequestException is one): the client's failure, not storage's.
        Assert.False(StorageFailure.IsOutage(new IOException("Reading the request body timed out."), CancellationToken.None));
    }

    [Fact]
    public void A_caller_that_hung_up_is_no_outage_whatever_broke()
    {
        using var hungUp = new CancellationTokenSource();
        hungUp.Cancel();

        Assert.False(StorageFailure.IsOutage(new IOException("The client reset the request stream."), hungUp.Token));
        Assert.False(StorageFailure.IsOutage(new RequestFailedException(503, "busy"), hungUp.Token));
    }

    private static TableClient TableAt(int port, TimeSpan networkTimeout)
    {
        var options = new TableClientOptions { Retry = { MaxRetries = 0, NetworkTimeout = networkTimeout } };
        return new TableClient(new Uri($"http://127.0.0.1:{port}/devstoreaccount1"), "missing", new TableSharedKeyCredential("devstoreaccount1", Convert.ToBase64String(new byte[64])), options);
    }

    private static async Task<Exception> Record(TableClient table, CancellationToken cancellationToken)
    {
        try
        {
            await table.GetEntityAsync<TableEntity>("p", "r", cancellationToken: cancellationToken);
        }
        catch (Exception ex)
        {
            return ex;
        }

        throw new InvalidOperationException("The call was expected to fail.");
    }
}
