namespace VaultDemo.Orchestrator.Processes;

/// <summary>Keeps the last lines of a process's output for error messages, and forwards every line.</summary>
public sealed class OutputTail(Action<ConsoleLogLine>? forward, int capacity = 40)
{
    private readonly Queue<string> _lines = new();

    public void Add(ConsoleLogLine line)
    {
        lock (_lines)
        {
            _lines.Enqueue(line.Text);
            if (_lines.Count > capacity)
            {
                _lines.Dequeue();
            }
        }

        forward?.Invoke(line);
    }

    public override string ToString()
    {
        lock (_lines)
        {
            return string.Join('\n', _lines);
        }
    }
}
