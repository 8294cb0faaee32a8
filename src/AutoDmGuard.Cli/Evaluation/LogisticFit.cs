namespace AutoDmGuard.Cli.Evaluation;

/// <summary>
/// L2-regularized logistic regression by Newton's method, the penalty pulling each weight towards its prior
/// (λ·Σ(w − prior)²) rather than towards zero: a feature the data barely shows keeps the weight its meaning suggests.
/// The bias is not penalized. Deterministic: the same rows give the same weights.
/// </summary>
internal static class LogisticFit
{
    /// <summary>One training DM; <paramref name="Weight"/> scales its share of the loss.</summary>
    public sealed record Row(int[] Features, double[] Values, bool Label, double Weight = 1);

    public static (double Bias, double[] Weights) Fit(IReadOnlyList<Row> rows, double priorBias, double[] priors, double lambda, int iterations = 30)
    {
        var f = priors.Length;
        var theta = new double[f + 1];
        theta[0] = priorBias;
        Array.Copy(priors, 0, theta, 1, f);
        var loss = Loss(rows, theta, priors, lambda);
        for (var iter = 0; iter < iterations; iter++)
        {
            var gradient = new double[f + 1];
            var hessian = new double[f + 1, f + 1];
            foreach (var row in rows)
            {
                var p = Sigmoid(Logit(row, theta));
                var err = row.Weight * (p - (row.Label ? 1 : 0));
                var s = row.Weight * Math.Max(p * (1 - p), 1e-9);
                gradient[0] += err;
                hessian[0, 0] += s;
                for (var a = 0; a < row.Features.Length; a++)
                {
                    var ia = row.Features[a] + 1;
                    var va = row.Values[a];
                    gradient[ia] += err * va;
                    hessian[0, ia] += s * va;
                    hessian[ia, 0] += s * va;
                    for (var b = 0; b < row.Features.Length; b++)
                    {
                        hessian[ia, row.Features[b] + 1] += s * va * row.Values[b];
                    }
                }
            }

            for (var j = 0; j < f; j++)
            {
                gradient[j + 1] += 2 * lambda * (theta[j + 1] - priors[j]);
                hessian[j + 1, j + 1] += 2 * lambda;
            }

            hessian[0, 0] += 1e-6;
            var step = Solve(hessian, gradient);
            var scale = 1.0;
            double[] next;
            double nextLoss;
            do
            {
                next = [.. theta.Select((t, i) => t - (scale * step[i]))];
                nextLoss = Loss(rows, next, priors, lambda);
                scale /= 2;
            }
            while (nextLoss > loss && scale > 1e-4);

            if (nextLoss > loss)
            {
                break;
            }

            var converged = loss - nextLoss < 1e-9;
            theta = next;
            loss = nextLoss;
            if (converged)
            {
                break;
            }
        }

        return (theta[0], theta[1..]);
    }

    public static double Predict(Row row, double bias, double[] weights)
    {
        var z = bias;
        for (var a = 0; a < row.Features.Length; a++)
        {
            z += weights[row.Features[a]] * row.Values[a];
        }

        return Sigmoid(z);
    }

    private static double Logit(Row row, double[] theta)
    {
        var z = theta[0];
        for (var a = 0; a < row.Features.Length; a++)
        {
            z += theta[row.Features[a] + 1] * row.Values[a];
        }

        return z;
    }

    private static double Loss(IReadOnlyList<Row> rows, double[] theta, double[] priors, double lambda)
    {
        var loss = 0.0;
        foreach (var row in rows)
        {
            var z = Logit(row, theta);

            // log(1 + e^-z) for positives, log(1 + e^z) for negatives, computed without overflow.
            var m = row.Label ? -z : z;
            loss += row.Weight * (m > 0 ? m + double.LogP1(Math.Exp(-m)) : double.LogP1(Math.Exp(m)));
        }

        for (var j = 0; j < priors.Length; j++)
        {
            var d = theta[j + 1] - priors[j];
            loss += lambda * d * d;
        }

        return loss;
    }

    private static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));

    // Gaussian elimination with partial pivoting; the penalty keeps the matrix positive definite.
    private static double[] Solve(double[,] a, double[] b)
    {
        var n = b.Length;
        var m = (double[,])a.Clone();
        var x = (double[])b.Clone();
        for (var col = 0; col < n; col++)
        {
            var pivot = col;
            for (var r = col + 1; r < n; r++)
            {
                if (Math.Abs(m[r, col]) > Math.Abs(m[pivot, col]))
                {
                    pivot = r;
                }
            }

            if (pivot != col)
            {
                for (var c = 0; c < n; c++)
                {
                    (m[col, c], m[pivot, c]) = (m[pivot, c], m[col, c]);
                }

                (x[col], x[pivot]) = (x[pivot], x[col]);
            }

            for (var r = col + 1; r < n; r++)
            {
                var factor = m[r, col] / m[col, col];
                if (factor == 0)
                {
                    continue;
                }

                for (var c = col; c < n; c++)
                {
                    m[r, c] -= factor * m[col, c];
                }

                x[r] -= factor * x[col];
            }
        }

        for (var r = n - 1; r >= 0; r--)
        {
            var sum = x[r];
            for (var c = r + 1; c < n; c++)
            {
                sum -= m[r, c] * x[c];
            }

            x[r] = sum / m[r, r];
        }

        return x;
    }
}
