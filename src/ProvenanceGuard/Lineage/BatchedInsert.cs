using Microsoft.Data.Sqlite;

namespace ProvenanceGuard.Lineage;

/// <summary>
/// Inserts rows into one table through a prepared multi-row INSERT (many rows per statement), which costs SQLite
/// far less per row than one statement per row; the last partial batch goes through a one-row statement.
/// </summary>
internal sealed class BatchedInsert : IDisposable
{
    private readonly SqliteCommand _many;
    private readonly SqliteCommand _one;
    private readonly SqliteParameter[] _manyParameters;
    private readonly SqliteParameter[] _oneParameters;
    private readonly object[] _pending;
    private readonly int _columns;
    private readonly int _rowsPerStatement;
    private readonly BatchedInsert? _parent;
    private int _rows;

    /// <param name="parent">The table this one's rows refer to (a foreign key): its pending rows are written first.</param>
    public BatchedInsert(SqliteConnection connection, string table, int columns, int rowsPerStatement, BatchedInsert? parent = null)
    {
        _parent = parent;
        _columns = columns;
        _rowsPerStatement = rowsPerStatement;
        _pending = new object[columns * rowsPerStatement];
        (_many, _manyParameters) = Command(connection, table, columns, rowsPerStatement);
        (_one, _oneParameters) = Command(connection, table, columns, 1);
    }

    public SqliteTransaction? Transaction
    {
        set
        {
            _many.Transaction = value;
            _one.Transaction = value;
        }
    }

    public void Add(params object[] values)
    {
        values.CopyTo(_pending, _rows * _columns);
        if (++_rows < _rowsPerStatement) return;
        _parent?.Flush();
        for (var i = 0; i < _pending.Length; i++) _manyParameters[i].Value = _pending[i];
        _many.ExecuteNonQuery();
        _rows = 0;
    }

    /// <summary>Writes the rows still pending (call before committing).</summary>
    public void Flush()
    {
        if (_rows > 0) _parent?.Flush();
        for (var row = 0; row < _rows; row++)
        {
            for (var column = 0; column < _columns; column++) _oneParameters[column].Value = _pending[row * _columns + column];
            _one.ExecuteNonQuery();
        }
        _rows = 0;
    }

    private static (SqliteCommand, SqliteParameter[]) Command(SqliteConnection connection, string table, int columns, int rows)
    {
        var command = connection.CreateCommand();
        var parameters = new SqliteParameter[columns * rows];
        var values = new List<string>(rows);
        for (var row = 0; row < rows; row++)
        {
            var names = new string[columns];
            for (var column = 0; column < columns; column++)
            {
                names[column] = $"$p{row}_{column}";
                parameters[row * columns + column] = command.Parameters.AddWithValue(names[column], DBNull.Value);
            }
            values.Add("(" + string.Join(", ", names) + ")");
        }
        command.CommandText = $"INSERT INTO {table} VALUES {string.Join(", ", values)}";
        return (command, parameters);
    }

    public void Dispose()
    {
        _many.Dispose();
        _one.Dispose();
    }
}
