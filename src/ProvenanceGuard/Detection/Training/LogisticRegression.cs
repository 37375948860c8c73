namespace ProvenanceGuard.Detection.Training;

/// <summary>
/// L2-regularised logistic regression over sparse rows, fitted by L-BFGS (two-loop recursion with a
/// backtracking Armijo line search). Deterministic: same rows, same weights.
/// </summary>
public static class LogisticRegression
{
    private const int Memory = 10;

    /// <summary>Fits weights; index 0 of the result is the bias and is never penalised (rows must not use index 0).</summary>
    /// <param name="rowWeights">Each row's weight in the loss (mean 1 keeps the penalty's meaning); replaces class balancing when given.</param>
    public static double[] Fit(IReadOnlyList<SparseRow> rows, IReadOnlyList<bool> labels, int dimension, LogisticRegressionOptions options,
        IReadOnlyList<double>? penaltyScale = null, IReadOnlyList<double>? rowWeights = null)
    {
        if (rows.Count != labels.Count) throw new ArgumentException("rows and labels differ in length.");
        if (rowWeights is not null && rowWeights.Count != rows.Count) throw new ArgumentException("rows and row weights differ in length.");
        if (rows.Count == 0) throw new ArgumentException("No training rows.");
        var positives = labels.Count(l => l);
        var negatives = rows.Count - positives;
        if (positives == 0 || negatives == 0) throw new ArgumentException("Training needs both human and machine examples.");
        var weightPositive = options.BalanceClasses ? rows.Count / (2.0 * positives) : 1.0;
        var weightNegative = options.BalanceClasses ? rows.Count / (2.0 * negatives) : 1.0;

        var objective = new Objective(rows, labels, dimension, options.L2, weightPositive, weightNegative, penaltyScale, rowWeights);
        var x = new double[dimension];
        var g = new double[dimension];
        var f = objective.Evaluate(x, g);
        var s = new List<double[]>();
        var y = new List<double[]>();
        var rho = new List<double>();
        var direction = new double[dimension];
        var xNew = new double[dimension];
        var gNew = new double[dimension];
        var alpha = new double[Memory];

        for (var iteration = 0; iteration < options.MaxIterations; iteration++)
        {
            // Two-loop recursion: direction = -H g.
            Array.Copy(g, direction, dimension);
            for (var k = s.Count - 1; k >= 0; k--)
            {
                alpha[k] = rho[k] * Dot(s[k], direction);
                Axpy(-alpha[k], y[k], direction);
            }
            var gamma = s.Count > 0 ? Dot(s[^1], y[^1]) / Dot(y[^1], y[^1]) : 1.0 / Math.Max(1e-12, Math.Sqrt(Dot(g, g)));
            for (var i = 0; i < dimension; i++) direction[i] *= gamma;
            for (var k = 0; k < s.Count; k++)
            {
                var beta = rho[k] * Dot(y[k], direction);
                Axpy(alpha[k] - beta, s[k], direction);
            }
            for (var i = 0; i < dimension; i++) direction[i] = -direction[i];

            var slope = Dot(g, direction);
            if (slope >= 0)
            {
                // Not a descent direction (numerical trouble): restart from steepest descent.
                s.Clear(); y.Clear(); rho.Clear();
                for (var i = 0; i < dimension; i++) direction[i] = -g[i];
                slope = Dot(g, direction);
            }

            var step = 1.0;
            double fNew;
            var accepted = false;
            for (var tries = 0; tries < 40; tries++)
            {
                for (var i = 0; i < dimension; i++) xNew[i] = x[i] + step * direction[i];
                fNew = objective.Evaluate(xNew, gNew);
                if (fNew <= f + 1e-4 * step * slope)
                {
                    accepted = true;
                    var sk = new double[dimension];
                    var yk = new double[dimension];
                    for (var i = 0; i < dimension; i++) { sk[i] = xNew[i] - x[i]; yk[i] = gNew[i] - g[i]; }
                    var sy = Dot(sk, yk);
                    if (sy > 1e-12)
                    {
                        if (s.Count == Memory) { s.RemoveAt(0); y.RemoveAt(0); rho.RemoveAt(0); }
                        s.Add(sk); y.Add(yk); rho.Add(1 / sy);
                    }
                    var improvement = (f - fNew) / Math.Max(1e-12, Math.Abs(f));
                    (x, xNew) = (xNew, x);
                    (g, gNew) = (gNew, g);
                    f = fNew;
                    if (improvement < options.Tolerance) return x;
                    break;
                }
                step *= 0.5;
            }
            if (!accepted) break;
        }
        return x;
    }

    public static double Score(double[] weights, SparseRow row)
    {
        var z = weights[0];
        var idx = row.Indices;
        var val = row.Values;
        for (var j = 0; j < idx.Length; j++) z += weights[idx[j]] * val[j];
        return z;
    }

    private static double Dot(double[] a, double[] b)
    {
        double sum = 0;
        for (var i = 0; i < a.Length; i++) sum += a[i] * b[i];
        return sum;
    }

    private static void Axpy(double a, double[] x, double[] y)
    {
        for (var i = 0; i < x.Length; i++) y[i] += a * x[i];
    }

    private sealed class Objective(IReadOnlyList<SparseRow> rows, IReadOnlyList<bool> labels, int dimension, double l2,
        double weightPositive, double weightNegative, IReadOnlyList<double>? penaltyScale, IReadOnlyList<double>? rowWeights)
    {
        public double Evaluate(double[] w, double[] gradient)
        {
            Array.Clear(gradient);
            double loss = 0;
            var total = rows.Count;
            for (var r = 0; r < total; r++)
            {
                var row = rows[r];
                var z = Score(w, row);
                var label = labels[r];
                var c = rowWeights?[r] ?? (label ? weightPositive : weightNegative);
                // loss = c * log(1 + exp(-y z)), y in {-1, +1}, computed stably.
                var m = label ? z : -z;
                loss += c * (m > 0 ? double.LogP1(Math.Exp(-m)) : -m + double.LogP1(Math.Exp(m)));
                var p = 1 / (1 + Math.Exp(-z));
                var d = c * (p - (label ? 1 : 0));
                gradient[0] += d;
                var idx = row.Indices;
                var val = row.Values;
                for (var j = 0; j < idx.Length; j++) gradient[idx[j]] += d * val[j];
            }
            loss /= total;
            for (var i = 0; i < dimension; i++) gradient[i] /= total;
            double penalty = 0;
            for (var i = 1; i < dimension; i++)
            {
                var scale = penaltyScale is null ? 1.0 : penaltyScale[i];
                penalty += scale * w[i] * w[i];
                gradient[i] += l2 * scale * w[i];
            }
            return loss + 0.5 * l2 * penalty;
        }
    }
}
