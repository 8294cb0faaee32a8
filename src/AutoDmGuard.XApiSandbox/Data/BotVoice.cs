namespace AutoDmGuard.XApiSandbox;

internal sealed record BotVoice(string Topic, string Product, string Code, string Count, string Link, string? Signature, bool Lowercase);
