using System.Globalization;
using System.Text.Json;
using ProvenanceGuard.Curation;

namespace ProvenanceGuard.Provenance.Gate;

/// <summary>
/// Reads the collapse simulator's summary.json (schemas/simulation.schema.json) and judges whether its verdict
/// speaks for the gate's policy: it must have passed, and, for a policy loop, it must have simulated a quota at
/// least as loose as the one enforced (a pass at a stricter quota says nothing about a looser one).
/// </summary>
internal static class SimulationVerdictCheck
{
    public static SimulationStatus? Check(string path, string display, CurationPolicy policy, List<GateFinding> findings)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllBytes(path));
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            findings.Add(new(GateReason.SimulationMalformed, display, $"cannot read the simulator summary: {e.Message}"));
            return null;
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("verdict", out var verdict) || verdict.ValueKind != JsonValueKind.Object
                || !verdict.TryGetProperty("pass", out var pass) || pass.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                findings.Add(new(GateReason.SimulationMalformed, display, "no verdict.pass in the simulator summary"));
                return null;
            }
            var status = verdict.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString()! : pass.GetBoolean() ? "pass" : "fail";
            double? simulatedShare = null;
            var policyLoop = root.TryGetProperty("loop", out var loop) && loop.ValueKind == JsonValueKind.String && loop.GetString() == "policy";
            if (policyLoop && root.TryGetProperty("training", out var training) && training.ValueKind == JsonValueKind.Object)
            {
                // A policy loop without a quota rejects every flagged record: a quota of 0.
                simulatedShare = training.TryGetProperty("max_synthetic_share", out var q) && q.ValueKind == JsonValueKind.Number ? q.GetDouble() : 0;
            }

            if (!pass.GetBoolean())
                findings.Add(new(GateReason.SimulationFailed, display, $"the collapse simulator's verdict is '{status}'"));
            if (simulatedShare is { } simulated && simulated < policy.MaxSyntheticShare - 1e-12)
                findings.Add(new(GateReason.SimulationPolicyMismatch, display, string.Create(CultureInfo.InvariantCulture,
                    $"the simulator judged a synthetic quota of {simulated}, stricter than the {policy.MaxSyntheticShare} enforced; its verdict does not cover this policy")));
            if (!policyLoop)
                findings.Add(new(GateReason.SimulationPolicyMismatch, display, "the simulator did not run the policy loop; its verdict says nothing about this policy", Fails: false));
            return new SimulationStatus(display, status, pass.GetBoolean(), simulatedShare);
        }
    }
}
