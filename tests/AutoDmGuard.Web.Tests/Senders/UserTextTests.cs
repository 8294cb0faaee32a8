using AutoDmGuard.Web.Senders;
using AutoDmGuard.Web.Pages.Settings;

namespace AutoDmGuard.Web.Tests.Senders;

public sealed class UserTextTests
{
    [Theory]
    [InlineData("evil\u202Egnp.exe", "evil[U+202E]gnp.exe")]
    [InlineData("\u2067abc\u2069", "[U+2067]abc[U+2069]")]
    [InlineData("zero\u200Bwidth", "zero[U+200B]width")]
    [InlineData("plain text, two\nlines", "plain text, two\nlines")]
    [InlineData("bell\u0007", "bell")]
    public void Makes_invisible_controls_visible(string input, string expected) =>
        Assert.Equal(expected, UserText.Visible(input));

    [Theory]
    [InlineData("Dana Reyes", "dana", "DR")]
    [InlineData(null, "growth_bot", "G")]
    [InlineData("🚀 Rocket Growth", "x", "RG")]
    [InlineData("   ", "_", "?")]
    public void Initials_come_from_the_name_or_handle(string? name, string username, string expected) =>
        Assert.Equal(expected, UserText.Initials(name, username));

    [Fact]
    public void Excerpt_cuts_long_text_at_a_word()
    {
        var excerpt = UserText.Excerpt(string.Join(' ', Enumerable.Repeat("word", 60)), 40);

        Assert.True(excerpt.Length <= 40);
        Assert.EndsWith("word…", excerpt, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\"")]
    [InlineData("+1 555", "'+1 555")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\t=1", "'\t=1")]
    [InlineData("hello, world", "\"hello, world\"")]
    [InlineData("plain", "plain")]
    [InlineData("a = b", "a = b")]
    public void Csv_cells_are_injection_safe_and_quoted(string input, string expected) =>
        Assert.Equal(expected, CsvCell.Format(input));

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"signal\":\"x\"}")]
    [InlineData("[1,2,3]")]
    public void Malformed_reasons_give_no_chips(string json) =>
        Assert.Empty(ReasonChip.Parse(json));
}
