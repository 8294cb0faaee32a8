using System.Text;

namespace AutoDmGuard.Web.Pages.Settings;

/// <summary>
/// One CSV field, safe to open in a spreadsheet: a cell a spreadsheet would read as a formula (starting with = + - @,
/// or a tab / carriage return before one) gets a leading apostrophe (OWASP "CSV injection"), and fields with commas,
/// quotes or line breaks are quoted (RFC 4180).
/// </summary>
public static class CsvCell
{
    public static string Format(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        if (value.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            return value;
        }

        return new StringBuilder(value.Length + 8).Append('"').Append(value.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"').ToString();
    }
}
