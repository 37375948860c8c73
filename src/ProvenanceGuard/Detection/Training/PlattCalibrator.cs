namespace ProvenanceGuard.Detection.Training;

/// <summary>
/// Maps raw classifier scores to a log-likelihood ratio, llr = Slope * score + Intercept, fitted on
/// held-out (out-of-fold) scores with classes weighted equally, so the prior is not baked in.
/// </summary>
public sealed record PlattCalibrator(double Slope, double Intercept)
{
    public double LogLikelihoodRatio(double rawScore) => Slope * rawScore + Intercept;

    /// <summary>P(machine) for a log-likelihood ratio at a stated base rate (prior share of machine text).</summary>
    public static double Probability(double logLikelihoodRatio, double baseRate)
    {
        var priorLogOdds = Math.Log(baseRate / (1 - baseRate));
        return 1 / (1 + Math.Exp(-(logLikelihoodRatio + priorLogOdds)));
    }

    /// <summary>
    /// Newton's method on the balanced logistic loss over (score, label) pairs, with step halving: when raw
    /// scores are widely spread (small training sets), a full Newton step from slope 1 can overshoot into
    /// saturation and diverge to slopes of 1e10 and more; a step that does not lower the loss is halved.
    /// </summary>
    public static PlattCalibrator Fit(IReadOnlyList<double> scores, IReadOnlyList<bool> isMachine)
    {
        var positives = isMachine.Count(m => m);
        var negatives = scores.Count - positives;
        if (positives == 0 || negatives == 0) throw new ArgumentException("Calibration needs both classes.");
        double wp = scores.Count / (2.0 * positives), wn = scores.Count / (2.0 * negatives);
        double Loss(double slope, double intercept)
        {
            var loss = 0.0;
            for (var i = 0; i < scores.Count; i++)
            {
                var z = slope * scores[i] + intercept;
                // log(1 + e^-z) for machine, log(1 + e^z) for human, computed without overflow.
                var m = isMachine[i] ? -z : z;
                loss += (isMachine[i] ? wp : wn) * (m > 0 ? m + Math.Log(1 + Math.Exp(-m)) : Math.Log(1 + Math.Exp(m)));
            }
            return loss;
        }

        double a = 1, b = 0;
        var current = Loss(a, b);
        for (var iteration = 0; iteration < 100; iteration++)
        {
            double ga = 0, gb = 0, haa = 1e-9, hab = 0, hbb = 1e-9;
            for (var i = 0; i < scores.Count; i++)
            {
                var c = isMachine[i] ? wp : wn;
                var p = 1 / (1 + Math.Exp(-(a * scores[i] + b)));
                var d = c * (p - (isMachine[i] ? 1 : 0));
                var h = c * p * (1 - p);
                ga += d * scores[i]; gb += d;
                haa += h * scores[i] * scores[i]; hab += h * scores[i]; hbb += h;
            }
            var det = haa * hbb - hab * hab;
            if (Math.Abs(det) < 1e-18) break;
            var da = (hbb * ga - hab * gb) / det;
            var db = (haa * gb - hab * ga) / det;
            var step = 1.0;
            var next = Loss(a - da, b - db);
            while (next > current && step > 1e-6)
            {
                step /= 2;
                next = Loss(a - step * da, b - step * db);
            }
            if (next > current) break;
            a -= step * da; b -= step * db;
            current = next;
            if (step * (Math.Abs(da) + Math.Abs(db)) < 1e-10) break;
        }
        return new PlattCalibrator(a, b);
    }
}
