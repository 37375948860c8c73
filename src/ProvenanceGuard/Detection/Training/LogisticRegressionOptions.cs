namespace ProvenanceGuard.Detection.Training;

/// <summary>Regularisation and stopping rules for <see cref="LogisticRegression"/>.</summary>
/// <param name="L2">Ridge penalty per unit of average example weight (bias is not penalised).</param>
/// <param name="MaxIterations">L-BFGS iteration cap.</param>
/// <param name="Tolerance">Stop when the objective improves by less than this relative amount.</param>
/// <param name="BalanceClasses">Weight classes equally, so the raw score is a likelihood ratio rather than a posterior at the training prevalence.</param>
public sealed record LogisticRegressionOptions(double L2 = 1e-3, int MaxIterations = 150, double Tolerance = 1e-7, bool BalanceClasses = true);
