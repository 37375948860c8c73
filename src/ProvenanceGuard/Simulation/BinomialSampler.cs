namespace ProvenanceGuard.Simulation;

/// <summary>
/// Exact Binomial(n, p) draws in time independent of n: sequential inversion when n·min(p, 1-p) is
/// small, and the transformed-rejection algorithm BTRD (Hörmann 1993) otherwise. Multinomial
/// resampling of 100,000 categories needs this; summing n Bernoulli draws would be O(n).
/// </summary>
internal static class BinomialSampler
{
    private const double InversionLimit = 14.0;

    public static int Sample(ChainRandom rng, int n, double p)
    {
        if (n < 0) throw new ArgumentOutOfRangeException(nameof(n));
        if (n == 0 || p <= 0.0) return 0;
        if (p >= 1.0) return n;
        if (p > 0.5) return n - Sample(rng, n, 1.0 - p);
        return n * p < InversionLimit ? Inversion(rng, n, p) : Btrd(rng, n, p);
    }

    private static int Inversion(ChainRandom rng, int n, double p)
    {
        var q = 1.0 - p;
        var s = p / q;
        var a = (n + 1) * s;
        // q^n without pow: ln(1 - p) by its series when p is tiny (the long tail), exactly otherwise.
        var logQ = p < 1e-4 ? -p * (1 + p * (0.5 + p * (1.0 / 3 + p * 0.25))) : Math.Log(q);
        var start = Math.Exp(n * logQ);
        while (true)
        {
            var r = start;
            var u = rng.NextDouble();
            var x = 0;
            while (u > r)
            {
                u -= r;
                x++;
                if (x > n) break; // rounding left a sliver of mass: draw again
                r *= a / x - s;
            }
            if (x <= n) return x;
        }
    }

    private static int Btrd(ChainRandom rng, int n, double p)
    {
        var q = 1.0 - p;
        var m = (int)Math.Floor((n + 1) * p);
        var r = p / q;
        var nr = (n + 1) * r;
        var npq = n * p * q;
        var sqrtNpq = Math.Sqrt(npq);
        var b = 1.15 + 2.53 * sqrtNpq;
        var a = -0.0873 + 0.0248 * b + 0.01 * p;
        var c = n * p + 0.5;
        var alpha = (2.83 + 5.1 / b) * sqrtNpq;
        var vr = 0.92 - 4.2 / b;
        var urvr = 0.86 * vr;

        while (true)
        {
            var v = rng.NextDouble();
            double u;
            if (v <= urvr)
            {
                u = v / vr - 0.43;
                return (int)Math.Floor((2 * a / (0.5 - Math.Abs(u)) + b) * u + c);
            }
            if (v >= vr)
            {
                u = rng.NextDouble() - 0.5;
            }
            else
            {
                u = v / vr - 0.93;
                u = Math.Sign(u) * 0.5 - u;
                v = rng.NextDouble() * vr;
            }

            var us = 0.5 - Math.Abs(u);
            var kd = Math.Floor((2 * a / us + b) * u + c);
            if (kd < 0 || kd > n) continue;
            var k = (int)kd;
            v = v * alpha / (a / (us * us) + b);
            var km = Math.Abs(k - m);
            if (km <= 15)
            {
                // Ratio of pmf(k) to pmf(m) by recursion.
                var f = 1.0;
                if (m < k)
                {
                    for (var i = m + 1; i <= k; i++) f *= nr / i - r;
                }
                else if (m > k)
                {
                    for (var i = k + 1; i <= m; i++) v *= nr / i - r;
                }
                if (v <= f) return k;
                continue;
            }

            v = Math.Log(v);
            var rho = km / npq * (((km / 3.0 + 0.625) * km + 1.0 / 6.0) / npq + 0.5);
            var t = -(double)km * km / (2 * npq);
            if (v < t - rho) return k;
            if (v > t + rho) continue;

            var nm = n - m + 1.0;
            var h = (m + 0.5) * Math.Log((m + 1) / (r * nm)) + StirlingCorrection(m) + StirlingCorrection(n - m);
            var nk = n - k + 1.0;
            if (v <= h + (n + 1) * Math.Log(nm / nk) + (k + 0.5) * Math.Log(nk * r / (k + 1)) - StirlingCorrection(k) - StirlingCorrection(n - k))
                return k;
        }
    }

    private static readonly double[] SmallCorrections =
    [
        0.08106146679532726, 0.04134069595540929, 0.02767792568499834, 0.02079067210376509,
        0.01664469118982119, 0.01387612882307075, 0.01189670994589177, 0.01041126526197209,
        0.009255462182712733, 0.008330563433362871,
    ];

    /// <summary>ln k! minus its Stirling approximation ((k + 1/2) ln(k + 1) - (k + 1) + ln √(2π)).</summary>
    private static double StirlingCorrection(int k)
    {
        if (k < SmallCorrections.Length) return SmallCorrections[k];
        var k1 = k + 1.0;
        var k2 = k1 * k1;
        return (1.0 / 12 - (1.0 / 360 - 1.0 / 1260 / k2) / k2) / k1;
    }
}
