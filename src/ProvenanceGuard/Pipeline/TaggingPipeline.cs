using System.Runtime.CompilerServices;
using System.Threading.Channels;
using ProvenanceGuard.Ingestion;
using ProvenanceGuard.Records;

namespace ProvenanceGuard.Pipeline;

/// <summary>
/// Reads splits on one thread and tags their batches on the thread pool (both cores), handing the tagged
/// batches back in canonical order. A bounded channel of in-flight batches keeps memory flat whatever the
/// input size. Inputs with an entry in <c>readAlong</c> are digested by the same reads that parse them.
/// </summary>
public sealed class TaggingPipeline(PipelineDefinition pipeline, RecordTagger tagger, IReadOnlyDictionary<int, ReadAlongDigest>? readAlong = null)
{
    // One reader across calls: a task runs one call per split, and the reader remembers where each file's lines stand.
    private readonly SplitReader _reader = new(pipeline.Limits, pipeline.Executor.BatchRecords, readAlong: readAlong);

    public async IAsyncEnumerable<(Record[] Records, long InputBytes)> RunAsync(IReadOnlyList<InputSplit> splits,
        [EnumeratorCancellation] CancellationToken cancellation)
    {
        var executor = pipeline.Executor;
        var workers = executor.Workers > 0 ? executor.Workers : Environment.ProcessorCount;
        using var workerSlots = new SemaphoreSlim(workers);
        var channel = Channel.CreateBounded<Task<(Record[], long)>>(new BoundedChannelOptions(executor.InFlightBatches)
        {
            SingleReader = true,
            SingleWriter = true,
        });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);

        var producer = Task.Run(async () =>
        {
            try
            {
                long completedSplitBytes = 0;
                foreach (var split in splits)
                {
                    long splitBytes = 0;
                    foreach (var batch in _reader.Read(split, stop.Token))
                    {
                        var inputBytes = completedSplitBytes + batch.RawBytes;
                        splitBytes = batch.RawBytes;
                        await workerSlots.WaitAsync(stop.Token);
                        var tagged = Task.Run(() =>
                        {
                            try
                            {
                                return (tagger.Tag(batch), inputBytes);
                            }
                            finally
                            {
                                SplitReader.Release(batch);
                                workerSlots.Release();
                            }
                        }, stop.Token);
                        await channel.Writer.WriteAsync(tagged, stop.Token);
                    }
                    completedSplitBytes += splitBytes;
                }
                channel.Writer.Complete();
            }
            catch (Exception e)
            {
                channel.Writer.Complete(e);
            }
        }, stop.Token);

        try
        {
            await foreach (var tagged in channel.Reader.ReadAllAsync(stop.Token))
                yield return await tagged;
            await producer;
        }
        finally
        {
            stop.Cancel();
            try { await producer; } catch (OperationCanceledException) { }
        }
    }
}
