namespace AutoDmGuard.XApiSandbox;

internal sealed record RateDecision(int Limit, int Remaining, DateTime ResetAt, bool Allowed)
{
    public void Apply(HttpResponse response)
    {
        response.Headers["x-rate-limit-limit"] = Limit.ToString(System.Globalization.CultureInfo.InvariantCulture);
        response.Headers["x-rate-limit-remaining"] = Remaining.ToString(System.Globalization.CultureInfo.InvariantCulture);
        response.Headers["x-rate-limit-reset"] = new DateTimeOffset(ResetAt).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
