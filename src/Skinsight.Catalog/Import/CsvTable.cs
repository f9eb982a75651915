using System.Text;
using nietras.SeparatedValues;

namespace Skinsight.Catalog.Import;

/// <summary>One data row of a CSV file with its fields as strings.</summary>
/// <param name="Number">1-based data row number, not counting the header.</param>
/// <param name="Values">Field values after unquoting, in column order.</param>
/// <param name="LineFrom">1-based line where the row starts in the file.</param>
/// <param name="LineTo">1-based line after the row ends; more than one line apart when a quoted field spans lines.</param>
public sealed record CsvRow(long Number, string[] Values, int LineFrom, int LineTo);

/// <summary>
/// A single-pass, streaming view of a CSV file: the header, then the rows one at a time, so memory stays constant
/// however long the file is. Quoting, embedded line breaks and a UTF-8 byte order mark are handled by Sep.
/// </summary>
public sealed class CsvTable : IDisposable
{
    /// <summary>Put in place of bytes that are not UTF-8; a noncharacter, so real text never contains it.</summary>
    internal const char InvalidByteMark = '\uFFFF';

    // UTF-8 with its byte order mark as preamble, so StreamReader skips a BOM but keeps this decoder and its
    // fallback. U+FFFD cannot serve as the mark, because real catalogs contain it as text.
    private static readonly Encoding s_utf8 = CreateUtf8();

    private readonly SepReader _reader;
    private readonly TextReader _text;
    private bool _started;

    private CsvTable(TextReader text, string sourceName)
    {
        _text = text;
        SourceName = sourceName;
        try
        {
            _reader = Sep.Reader(o => o with { Unescape = true, DisableColCountCheck = true }).From(text);
        }
        catch (Exception e) when (e is InvalidDataException or ArgumentException or NotSupportedException)
        {
            text.Dispose();
            throw new CatalogFormatException(
                $"Cannot read the header of {sourceName}: {e.Message}. Check that it is a comma-separated CSV file.", e);
        }

        Header = [.. _reader.Header.ColNames.Select(n => n.Trim().TrimStart('\uFEFF'))];
    }

    /// <summary>File name or label used in messages.</summary>
    public string SourceName { get; }

    /// <summary>Full path of the file, or null when the table reads from an open reader such as an upload.</summary>
    public string? FilePath { get; private init; }

    /// <summary>Column names from the first line, trimmed.</summary>
    public IReadOnlyList<string> Header { get; }

    /// <summary>
    /// Bytes of the file read so far, buffered ones included, so it runs ahead of the current row by up to the
    /// buffer sizes. Zero when the table reads from a reader without a seekable stream, such as an upload.
    /// </summary>
    public long BytesRead => _text is StreamReader { BaseStream.CanSeek: true } file ? file.BaseStream.Position : 0;

    private static Encoding CreateUtf8()
    {
        var encoding = (Encoding)new UTF8Encoding(encoderShouldEmitUTF8Identifier: true).Clone();
        encoding.DecoderFallback = new DecoderReplacementFallback(InvalidByteMark.ToString());
        return encoding;
    }

    /// <summary>Opens a CSV file for reading.</summary>
    /// <exception cref="CatalogFormatException">The file is missing, unreadable or empty.</exception>
    public static CsvTable Open(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        StreamReader text;
        try
        {
            text = new StreamReader(path, s_utf8, detectEncodingFromByteOrderMarks: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CatalogFormatException($"Cannot open catalog file {path}: {e.Message}", e);
        }

        var table = new CsvTable(text, Path.GetFileName(path)) { FilePath = Path.GetFullPath(path) };
        table.ThrowIfEmpty();
        return table;
    }

    /// <summary>Reads CSV from an open reader, which the table then owns and disposes.</summary>
    /// <exception cref="CatalogFormatException">The text has no header line.</exception>
    public static CsvTable FromReader(TextReader text, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(text);
        var table = new CsvTable(text, sourceName);
        table.ThrowIfEmpty();
        return table;
    }

    /// <summary>Returns the index of each named column, or throws naming every column that is missing.</summary>
    /// <exception cref="CatalogFormatException">One or more of <paramref name="names"/> are not in the header.</exception>
    public int[] RequireColumns(string formatName, params string[] names)
    {
        int[] indexes = [.. names.Select(IndexOf)];
        string[] missing = [.. names.Where((_, i) => indexes[i] < 0)];
        if (missing.Length > 0)
        {
            throw new CatalogFormatException(
                $"{SourceName} is missing column(s) {string.Join(", ", missing)} needed by format {formatName}; " +
                $"its header is: {string.Join(", ", Header)}.");
        }

        return indexes;
    }

    /// <summary>Returns the index of a column by case-insensitive name, or -1.</summary>
    public int IndexOf(string name)
    {
        for (int i = 0; i < Header.Count; i++)
        {
            if (string.Equals(Header[i], name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Enumerates the data rows; the table can be enumerated only once.</summary>
    /// <exception cref="InvalidOperationException">The rows were already enumerated.</exception>
    /// <exception cref="CatalogFormatException">The file cannot be read further (I/O error or a CSV error).</exception>
    public IEnumerable<CsvRow> Rows()
    {
        if (_started)
        {
            throw new InvalidOperationException($"The rows of {SourceName} were already read; open the file again.");
        }

        _started = true;
        return ReadRows();
    }

    public void Dispose()
    {
        _reader.Dispose();
        _text.Dispose();
    }

    private IEnumerable<CsvRow> ReadRows()
    {
        long number = 0;
        while (TryReadRow(number + 1, out CsvRow? row))
        {
            number++;
            yield return row;
        }
    }

    // Sep's row is a ref struct, so it is copied into a CsvRow here, outside the iterator.
    private bool TryReadRow(long number, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out CsvRow? row)
    {
        try
        {
            if (!_reader.MoveNext())
            {
                row = null;
                return false;
            }

            SepReader.Row current = _reader.Current;
            string[] values = new string[current.ColCount];
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = current[i].ToString();
            }

            row = new CsvRow(number, values, current.LineNumberFrom, current.LineNumberToExcl);
            return true;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or NotSupportedException)
        {
            throw new CatalogFormatException(
                $"Reading {SourceName} failed at data row {number}: {e.Message}. Fix the file near that row.", e);
        }
    }

    private void ThrowIfEmpty()
    {
        if (Header.Count == 0 || Header.All(string.IsNullOrEmpty))
        {
            Dispose();
            throw new CatalogFormatException($"{SourceName} is empty or has no header line; a catalog needs a header.");
        }
    }
}
