using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using ProvenanceGuard.Curation;
using ProvenanceGuard.Pipeline.Schema;
using ProvenanceGuard.Provenance.Signing;

namespace ProvenanceGuard.Provenance.Gate;

/// <summary>
/// The release gate: decides whether a release folder is what its signed manifest says and meets a policy.
/// It checks the signature, then every listed file's size, digest and rows, then recomputes each shard's
/// composition and lineage from its rows and the run's conservation from dispositions.jsonl.gz, and finally
/// reads the collapse simulator's verdict when one is present. The manifest's own numbers are compared
/// against, never trusted. Every problem is a <see cref="GateFinding"/> with its own <see cref="GateReason"/>.
/// </summary>
public static class ReleaseGate
{
    private const double Tolerance = 1e-12;

    public static GateReport Check(string releaseDirectory, CurationPolicy policy, ECDsa publicKey, GateOptions? options = null)
    {
        options ??= new GateOptions();
        if (!Directory.Exists(releaseDirectory)) throw new ConfigurationException($"{releaseDirectory}: release folder not found");
        var findings = new List<GateFinding>();
        var (manifestBytes, signature) = CheckSignature(releaseDirectory, publicKey, findings);
        var manifest = manifestBytes is null ? null : ParseManifest(manifestBytes, findings);
        if (manifest is null)
            return new GateReport { Release = releaseDirectory, Passed = false, Policy = policy, Signature = signature, Shards = [], Findings = findings };

        ComparePolicies(manifest.Policy, policy, findings);
        var present = CheckFiles(releaseDirectory, manifest, findings);
        // The mixture quota's bound is a seeded bootstrap: the gate redraws it with the run's seed, as the curator did.
        var mixture = policy.QuotaOnMixtureBound ? MixtureQuota.Load(policy, manifest.Pipeline.Seed) : null;
        var releaseLlr = mixture is null ? null : new int[mixture.Bins.Total];

        var shards = new List<ShardComposition>();
        var keptBySource = new Dictionary<string, long>(StringComparer.Ordinal);
        var shardRows = new Dictionary<string, RowIdentity>(StringComparer.Ordinal);
        foreach (var entry in manifest.Shards.Where(s => present.Contains(s.File)))
        {
            if (!entry.File.EndsWith(".jsonl.gz", StringComparison.Ordinal) && !entry.File.EndsWith(".parquet", StringComparison.Ordinal))
            {
                findings.Add(new(GateReason.ShardFormatUnsupported, entry.File, "the gate reads .jsonl.gz and .parquet shards"));
                continue;
            }
            ShardAudit.Result audit;
            try
            {
                audit = ShardAudit.Read(Path.Combine(releaseDirectory, entry.File), entry.File, policy, mixture?.Bins);
            }
            catch (Exception e) when (e is InvalidDataException or IOException)
            {
                findings.Add(new(GateReason.FileUnreadable, entry.File, e.Message));
                continue;
            }
            var c = audit.Composition;
            shards.Add(c);
            shardRows[entry.File] = audit.Rows;
            JudgeShard(entry, c, audit, manifest.Policy, policy, findings);
            if (mixture is not null)
            {
                JudgeMixture(entry, audit, manifest.Policy, policy, mixture, findings);
                for (var b = 0; b < releaseLlr!.Length; b++) releaseLlr[b] += audit.LlrCounts![b];
            }
            foreach (var (source, rows) in audit.RowsBySource) keptBySource[source] = keptBySource.GetValueOrDefault(source) + rows;
        }

        var recounted = CheckConservation(releaseDirectory, manifest, present, shardRows, findings);
        var simulation = CheckSimulation(releaseDirectory, policy, options, findings);

        var keptRows = shards.Sum(s => s.Rows);
        var keptFlagged = shards.Sum(s => s.FlaggedSynthetic);
        if (mixture is not null)
        {
            if (mixture.Exceeds(releaseLlr, policy.MaxSyntheticShare) && !findings.Any(f => f.Code == GateReason.SyntheticShareExceeded))
                findings.Add(new(GateReason.SyntheticShareExceeded, "release", MixtureShare("the release as a whole", mixture, releaseLlr!, policy.MaxSyntheticShare)));
        }
        else if (SyntheticAllowance.Exceeds(keptFlagged, keptRows, policy.MaxSyntheticShare, policy) && !findings.Any(f => f.Code == GateReason.SyntheticShareExceeded))
            findings.Add(new(GateReason.SyntheticShareExceeded, "release", Share("the release as a whole", keptFlagged, keptRows, policy.MaxSyntheticShare)));
        foreach (var (source, cap) in (policy.SourceCaps ?? []).OrderBy(c => c.Key, StringComparer.Ordinal))
            if (keptBySource.GetValueOrDefault(source) > cap)
                findings.Add(new(GateReason.SourceCapExceeded, source, $"{keptBySource[source]:N0} records kept from source '{source}', the cap is {cap:N0}"));
        if (policy.MinHumanRecords is { } minimum && keptRows - keptFlagged < minimum)
            findings.Add(new(GateReason.HumanRecordsBelowMinimum, "release", $"{keptRows - keptFlagged:N0} unflagged records kept, the policy asks for at least {minimum:N0}"));
        if (policy.MaxShareOutsideDetectorLengths is { } maxOutside) CheckDetectorLengths(manifest.SyntheticShare.DetectorLengths, maxOutside, findings);

        return new GateReport
        {
            Release = releaseDirectory,
            Passed = !findings.Any(f => f.Fails),
            Policy = policy,
            Signature = signature,
            Shards = shards,
            Dispositions = recounted,
            KeptRows = keptRows,
            KeptFlaggedSynthetic = keptFlagged,
            KeptSyntheticShare = keptRows == 0 ? null : (double)keptFlagged / keptRows,
            Simulation = simulation,
            Findings = findings,
        };
    }

    /// <summary>Returns the manifest bytes to trust (the signed payload when the signature holds, else the file on disk) and the signature's status.</summary>
    private static (byte[]? Manifest, SignatureStatus Status) CheckSignature(string directory, ECDsa key, List<GateFinding> findings)
    {
        var trusted = SigningKeys.KeyId(key);
        var manifestPath = Path.Combine(directory, ManifestSigner.ManifestFile);
        var onDisk = File.Exists(manifestPath) ? File.ReadAllBytes(manifestPath) : null;
        var signaturePath = Path.Combine(directory, ManifestSigner.SignatureFile);
        if (!File.Exists(signaturePath))
        {
            findings.Add(new(GateReason.SignatureMissing, ManifestSigner.SignatureFile, "the release is not signed"));
            if (onDisk is null) findings.Add(new(GateReason.ManifestMissing, ManifestSigner.ManifestFile, "no manifest: the release is incomplete"));
            return (onDisk, new SignatureStatus(false, false, null, trusted));
        }

        DsseEnvelope envelope;
        byte[] payload;
        try
        {
            envelope = DsseEnvelope.Read(signaturePath);
            payload = envelope.PayloadBytes();
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            findings.Add(new(GateReason.SignatureMalformed, ManifestSigner.SignatureFile, e.Message));
            return (onDisk, new SignatureStatus(true, false, null, trusted));
        }
        var keyId = envelope.Signatures.Select(s => s.KeyId).FirstOrDefault(k => k is not null);
        if (envelope.PayloadType != ManifestSigner.PayloadType)
        {
            findings.Add(new(GateReason.SignaturePayloadType, ManifestSigner.SignatureFile,
                $"payload type '{envelope.PayloadType}' is not '{ManifestSigner.PayloadType}'"));
            return (onDisk, new SignatureStatus(true, false, keyId, trusted));
        }
        if (!ManifestSigner.Verifies(envelope, key))
        {
            // The key id is an unauthenticated hint: it only chooses the clearer message, never the outcome.
            var otherKey = envelope.Signatures.All(s => s.KeyId is not null && s.KeyId != trusted);
            findings.Add(otherKey
                ? new(GateReason.SignatureUntrustedKey, ManifestSigner.SignatureFile, $"signed by key {keyId}, not by the trusted key {trusted}")
                : new(GateReason.SignatureInvalid, ManifestSigner.SignatureFile, "no signature verifies against the trusted key over the signed manifest"));
            return (onDisk, new SignatureStatus(true, false, keyId, trusted));
        }
        if (onDisk is null) findings.Add(new(GateReason.ManifestMissing, ManifestSigner.ManifestFile, "no manifest.json beside the signature: the release is incomplete"));
        else if (!onDisk.AsSpan().SequenceEqual(payload))
            findings.Add(new(GateReason.ManifestModified, ManifestSigner.ManifestFile, "manifest.json differs from the manifest that was signed"));
        return (payload, new SignatureStatus(true, true, keyId, trusted));
    }

    private static ReleaseManifest? ParseManifest(byte[] bytes, List<GateFinding> findings)
    {
        try
        {
            using (var document = JsonDocument.Parse(bytes))
            {
                var errors = SchemaCatalog.Load("manifest.schema.json").Validate(document.RootElement);
                if (errors.Count > 0)
                {
                    findings.Add(new(GateReason.ManifestMalformed, ManifestSigner.ManifestFile,
                        "does not match schemas/manifest.schema.json: " + string.Join("; ", errors.Take(5))));
                    return null;
                }
            }
            return JsonSerializer.Deserialize<ReleaseManifest>(bytes, ReleaseManifest.JsonOptions);
        }
        catch (JsonException e)
        {
            findings.Add(new(GateReason.ManifestMalformed, ManifestSigner.ManifestFile, "not valid JSON: " + e.Message));
            return null;
        }
    }

    /// <summary>A release curated under a looser policy than the gate's does not meet it, even where its shards happen to.</summary>
    private static void ComparePolicies(CurationPolicy release, CurationPolicy gate, List<GateFinding> findings)
    {
        var looser = new List<string>();
        string F(double v) => v.ToString(CultureInfo.InvariantCulture);
        if (release.MaxSyntheticShare > gate.MaxSyntheticShare + Tolerance) looser.Add($"maxSyntheticShare {F(release.MaxSyntheticShare)} > {F(gate.MaxSyntheticShare)}");
        if (release.SyntheticThreshold > gate.SyntheticThreshold + Tolerance) looser.Add($"syntheticThreshold {F(release.SyntheticThreshold)} > {F(gate.SyntheticThreshold)}");
        if (gate.RejectAbove is { } limit && (release.RejectAbove is null || release.RejectAbove > limit + Tolerance))
            looser.Add($"rejectAbove {(release.RejectAbove is { } r ? F(r) : "none")} > {F(limit)}");
        if (release.MinTextChars < gate.MinTextChars) looser.Add($"minTextChars {release.MinTextChars} < {gate.MinTextChars}");
        if (gate.MaxSyntheticSharePerStratum is { } stratumShare && (release.MaxSyntheticSharePerStratum is not { } r2 || r2 > stratumShare + Tolerance || release.StratumField != gate.StratumField))
            looser.Add($"maxSyntheticSharePerStratum by {gate.StratumField} {(release.MaxSyntheticSharePerStratum is { } rs ? F(rs) + " by " + release.StratumField : "none")} > {F(stratumShare)}");
        foreach (var (source, cap) in gate.SourceCaps ?? [])
            if (release.SourceCaps?.GetValueOrDefault(source, long.MaxValue) is not { } releaseCap || releaseCap > cap)
                looser.Add($"sourceCaps:{source} {(release.SourceCaps?.ContainsKey(source) == true ? release.SourceCaps[source].ToString(CultureInfo.InvariantCulture) : "none")} > {cap}");
        if (gate.UsesUpperBound && !release.UsesUpperBound) looser.Add("shareBound point < upper");
        if (gate.QuotaOnUpperBound && !release.QuotaOnUpperBound) looser.Add($"quotaBasis {release.QuotaBasis ?? "flagged"} < upperBound");
        if (gate.QuotaOnMixtureBound && !release.QuotaOnMixtureBound) looser.Add($"quotaBasis {release.QuotaBasis ?? "flagged"} < mixtureUpperBound");
        if (looser.Count > 0)
            findings.Add(new(GateReason.ReleasePolicyLooser, "policy", "the release was curated under a looser policy than the gate enforces: " + string.Join(", ", looser)));
    }

    /// <summary>Checks every listed file's presence, size and digest, and looks for files in shards/ the manifest does not list. Returns the files present with the listed size and digest.</summary>
    private static HashSet<string> CheckFiles(string directory, ReleaseManifest manifest, List<GateFinding> findings)
    {
        var entries = manifest.Shards.Select(s => new FileEntry(s.File, s.Sha256, s.Bytes, s.Rows))
            .Append(manifest.Rejected).Append(manifest.DispositionsFile).ToList();
        var root = Path.GetFullPath(directory);
        var listed = new HashSet<string>(StringComparer.Ordinal);
        var intact = new HashSet<string>(StringComparer.Ordinal);
        var missing = new Dictionary<string, FileEntry>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            var path = Path.GetFullPath(Path.Combine(root, entry.File));
            if (Path.IsPathRooted(entry.File) || entry.File.Contains('\\') || !path.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                findings.Add(new(GateReason.FilePathInvalid, entry.File, "a listed file must be a relative path inside the release"));
                continue;
            }
            listed.Add(entry.File);
            if (!File.Exists(path))
            {
                missing[entry.Sha256] = entry;
                continue;
            }
            var bytes = new FileInfo(path).Length;
            if (bytes != entry.Bytes)
                findings.Add(new(GateReason.FileSizeMismatch, entry.File, $"{bytes:N0} bytes on disk, {entry.Bytes:N0} in the manifest"));
            else if (FileDigest.OfFile(path) is var digest && digest != entry.Sha256)
                findings.Add(new(GateReason.FileDigestMismatch, entry.File, $"SHA-256 {digest[..16]}… on disk, {entry.Sha256[..16]}… in the manifest"));
            intact.Add(entry.File);
        }

        var shardsFolder = Path.Combine(root, "shards");
        if (Directory.Exists(shardsFolder))
        {
            foreach (var path in Directory.EnumerateFiles(shardsFolder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                var relative = Path.GetRelativePath(root, path).Replace(Path.DirectorySeparatorChar, '/');
                if (listed.Contains(relative)) continue;
                if (missing.Remove(FileDigest.OfFile(path), out var original))
                    findings.Add(new(GateReason.FileRenamed, original.File, $"renamed to {relative} (same bytes)"));
                else findings.Add(new(GateReason.FileUnlisted, relative, "a file in shards/ that the manifest does not list"));
            }
        }
        foreach (var entry in missing.Values) findings.Add(new(GateReason.FileMissing, entry.File, "listed in the manifest but not in the release"));
        return intact;
    }

    private static void JudgeShard(ShardEntry entry, ShardComposition c, ShardAudit.Result audit, CurationPolicy releasePolicy, CurationPolicy policy,
        List<GateFinding> findings)
    {
        if (c.Rows != entry.Rows) findings.Add(new(GateReason.FileRowCountMismatch, entry.File, $"{c.Rows:N0} rows in the shard, {entry.Rows:N0} in the manifest"));
        if (!policy.QuotaOnMixtureBound && SyntheticAllowance.Exceeds(c.FlaggedSynthetic, c.Rows, policy.MaxSyntheticShare, policy))
            findings.Add(new(GateReason.SyntheticShareExceeded, entry.File, Share("the shard", c.FlaggedSynthetic, c.Rows, policy.MaxSyntheticShare)));
        if (!policy.QuotaOnMixtureBound && policy.MaxSyntheticSharePerStratum is { } stratumShare)
            foreach (var (stratum, (rows, flagged)) in audit.Strata.OrderBy(s => s.Key, StringComparer.Ordinal))
                if (SyntheticAllowance.Exceeds(flagged, rows, stratumShare, policy))
                    findings.Add(new(GateReason.StratumShareExceeded, entry.File, Share($"stratum {policy.StratumField}={stratum}", flagged, rows, stratumShare)));
        if (audit.AboveRejectLine > 0)
            findings.Add(new(GateReason.LikelySyntheticKept, entry.File, $"{audit.AboveRejectLine:N0} rows at or above rejectAbove {policy.RejectAbove}"));
        if (audit.TooShort > 0)
            findings.Add(new(GateReason.TooShortKept, entry.File, $"{audit.TooShort:N0} rows shorter than minTextChars {policy.MinTextChars}"));
        if (c.LineageIncomplete > 0)
            findings.Add(new(GateReason.LineageIncomplete, entry.File, $"{c.LineageIncomplete:N0} rows without full lineage; first: {audit.FirstLineageProblem}"));
        if (c.ContentHashMismatches > 0)
            findings.Add(new(GateReason.ContentHashMismatch, entry.File, $"{c.ContentHashMismatches:N0} rows whose text does not hash to content_sha256; first: {audit.FirstLineageProblem}"));
        if (Math.Abs(releasePolicy.SyntheticThreshold - policy.SyntheticThreshold) < Tolerance && c.FlaggedSynthetic != entry.FlaggedSynthetic)
            findings.Add(new(GateReason.ManifestCompositionMismatch, entry.File,
                $"{c.FlaggedSynthetic:N0} rows flagged synthetic in the shard, the manifest claims {entry.FlaggedSynthetic:N0}"));
    }

    /// <summary>
    /// The mixture quota on a shard's rows: its binned LLRs (and each stratum's) must have a bound within the maximum, and
    /// a release curated on the mixture bound must state the shard's histogram as the rows have it.
    /// </summary>
    private static void JudgeMixture(ShardEntry entry, ShardAudit.Result audit, CurationPolicy releasePolicy, CurationPolicy policy, MixtureQuota mixture,
        List<GateFinding> findings)
    {
        if (mixture.Exceeds(audit.LlrCounts, policy.MaxSyntheticShare))
            findings.Add(new(GateReason.SyntheticShareExceeded, entry.File, MixtureShare("the shard", mixture, audit.LlrCounts!, policy.MaxSyntheticShare)));
        if (policy.MaxSyntheticSharePerStratum is { } stratumShare)
            foreach (var (stratum, counts) in audit.StrataLlrCounts!.OrderBy(s => s.Key, StringComparer.Ordinal))
                if (mixture.Exceeds(counts, stratumShare))
                    findings.Add(new(GateReason.StratumShareExceeded, entry.File, MixtureShare($"stratum {policy.StratumField}={stratum}", mixture, counts, stratumShare)));
        if (!releasePolicy.QuotaOnMixtureBound) return;
        if (entry.LlrHistogram is null)
            findings.Add(new(GateReason.ManifestCompositionMismatch, entry.File, "the release was curated on the mixture bound, but the manifest states no LLR histogram for the shard"));
        else if (!entry.LlrHistogram.SameAs(audit.LlrCounts, mixture.Bins, audit.WithoutLlr))
            findings.Add(new(GateReason.ManifestCompositionMismatch, entry.File, "the shard's binned LLRs are not the histogram the manifest states"));
    }

    private static string MixtureShare(string what, MixtureQuota mixture, int[] counts, double max) => string.Create(CultureInfo.InvariantCulture,
        $"{what}: the score-mixture share of its {counts.Sum():N0} scored rows is {mixture.Share(counts):P2}, its one-sided upper bound {mixture.Upper(counts):P2} is above the maximum {max:P2}");

    private static RecountedDispositions? CheckConservation(string directory, ReleaseManifest manifest, HashSet<string> present,
        Dictionary<string, RowIdentity> shardRows, List<GateFinding> findings)
    {
        long? rejectedRows = null;
        if (present.Contains(manifest.Rejected.File))
        {
            try
            {
                rejectedRows = GzipJsonLines.Read(Path.Combine(directory, manifest.Rejected.File), manifest.Rejected.File).LongCount();
                if (rejectedRows != manifest.Rejected.Rows)
                    findings.Add(new(GateReason.FileRowCountMismatch, manifest.Rejected.File, $"{rejectedRows:N0} rows in the file, {manifest.Rejected.Rows:N0} in the manifest"));
            }
            catch (Exception e) when (e is InvalidDataException or IOException)
            {
                findings.Add(new(GateReason.FileUnreadable, manifest.Rejected.File, e.Message));
            }
        }
        var file = manifest.DispositionsFile.File;
        if (!present.Contains(file)) return null;
        DispositionsAudit.Result audit;
        try
        {
            audit = DispositionsAudit.Read(Path.Combine(directory, file), file);
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            findings.Add(new(GateReason.FileUnreadable, file, e.Message));
            return null;
        }
        var counts = audit.Counts;
        if (counts.In != manifest.DispositionsFile.Rows)
            findings.Add(new(GateReason.FileRowCountMismatch, file, $"{counts.In:N0} rows in the file, {manifest.DispositionsFile.Rows:N0} in the manifest"));
        foreach (var problem in audit.Problems) findings.Add(new(GateReason.ConservationBroken, file, problem));
        if (rejectedRows is { } rejected && rejected != counts.Rejected)
            findings.Add(new(GateReason.ConservationBroken, manifest.Rejected.File, $"{rejected:N0} rejected records in the file, {counts.Rejected:N0} rejected dispositions"));

        var listedShards = manifest.Shards.Select(s => s.File).ToHashSet(StringComparer.Ordinal);
        foreach (var (shard, kept) in audit.KeptByShard.Where(k => !listedShards.Contains(k.Key)))
            findings.Add(new(GateReason.ConservationBroken, shard, $"{kept.Count:N0} records are kept in a shard the manifest does not list"));
        foreach (var (shard, rows) in shardRows)
        {
            var kept = audit.KeptByShard.GetValueOrDefault(shard);
            if (!kept.SameAs(rows))
                findings.Add(new(GateReason.ConservationBroken, shard,
                    $"the shard's (row, id) pairs are not the ones dispositions.jsonl.gz keeps in it ({rows.Count:N0} rows, {kept.Count:N0} kept dispositions)"));
        }

        var claimed = manifest.Dispositions;
        if (claimed.In != counts.In || claimed.Kept != counts.Kept || claimed.Rejected != counts.Rejected || claimed.Duplicate != counts.Duplicate)
            findings.Add(new(GateReason.DispositionCountsMismatch, file,
                $"recounted in {counts.In:N0} = kept {counts.Kept:N0} + rejected {counts.Rejected:N0} + duplicate {counts.Duplicate:N0}; " +
                $"the manifest claims {claimed.In:N0} = {claimed.Kept:N0} + {claimed.Rejected:N0} + {claimed.Duplicate:N0}"));
        if (manifest.Inputs.Sum(i => i.Records) != counts.In)
            findings.Add(new(GateReason.DispositionCountsMismatch, file, $"the inputs account for {manifest.Inputs.Sum(i => i.Records):N0} records, the dispositions for {counts.In:N0}"));
        return counts;
    }

    private static SimulationStatus? CheckSimulation(string directory, CurationPolicy policy, GateOptions options, List<GateFinding> findings)
    {
        var path = options.SimulationSummary ?? Path.Combine(directory, GateOptions.DefaultSimulationSummary);
        var display = options.SimulationSummary ?? GateOptions.DefaultSimulationSummary;
        if (File.Exists(path)) return SimulationVerdictCheck.Check(path, display, policy, findings);
        if (options.SimulationSummary is not null || options.RequireSimulation)
            findings.Add(new(GateReason.SimulationMissing, display, "no collapse-simulator summary (run provguard simulate --pipeline ... --out DIR)"));
        return null;
    }

    private static void CheckDetectorLengths(DetectorLengths? lengths, double maxOutside, List<GateFinding> findings)
    {
        if (lengths is null)
            findings.Add(new(GateReason.DetectorLengthsUnknown, "manifest", "the manifest does not count the scored texts outside the detector's training lengths "
                + "(its model card states none, as the baseline's does not); the policy's maxShareOutsideDetectorLengths cannot be checked"));
        else if (lengths.Scored > 0 && (double)lengths.Outside / lengths.Scored > maxOutside + Tolerance)
            findings.Add(new(GateReason.DetectorLengthsExceeded, "manifest", string.Create(CultureInfo.InvariantCulture,
                $"{lengths.Outside:N0} of {lengths.Scored:N0} scored texts ({(double)lengths.Outside / lengths.Scored:P1}) are outside the detector's training lengths ({lengths.LowWords}-{lengths.HighWords} words), above the maximum {maxOutside:P1}: the synthetic share is corrected with rates that do not hold for them (docs/provenance-signals.md, \"Lengths\")")));
    }

    private static string Share(string what, long flagged, long rows, double max) => string.Create(CultureInfo.InvariantCulture,
        $"{what} holds {flagged:N0} of {rows:N0} rows flagged synthetic ({(double)flagged / rows:P2}), above the maximum {max:P2}");
}
