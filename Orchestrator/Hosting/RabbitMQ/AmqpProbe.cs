using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;

namespace VaultDemo.Orchestrator.Hosting.RabbitMQ;

/// <summary>
/// Checks that an AMQP 0-9-1 broker serves a user: opens a connection with PLAIN credentials on the
/// virtual host "/" and closes it cleanly. A listening socket alone proves little, and a connection
/// dropped mid-handshake makes the broker log a warning every time the check runs.
/// </summary>
public static class AmqpProbe
{
    private const byte MethodFrame = 1;
    private const byte FrameEnd = 0xCE;
    private const ushort ConnectionClass = 10;
    private const ushort Start = 10, StartOk = 11, Tune = 30, TuneOk = 31, Open = 40, OpenOk = 41, Close = 50, CloseOk = 51;

    private static readonly byte[] s_protocolHeader = [(byte)'A', (byte)'M', (byte)'Q', (byte)'P', 0, 0, 9, 1];

    /// <summary>True when the broker accepted the user and opened the connection.</summary>
    public static async Task<bool> CanConnectAsync(string host, int port, string userName, string password, CancellationToken cancellationToken)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(host, port, cancellationToken).ConfigureAwait(false);
            var stream = client.GetStream();
            await stream.WriteAsync(s_protocolHeader, cancellationToken).ConfigureAwait(false);
            if ((await ReadMethodAsync(stream, cancellationToken).ConfigureAwait(false)).Method != Start)
            {
                return false;
            }

            await WriteMethodAsync(stream, StartOk, w =>
            {
                w.Write(0u); // client properties: empty table
                ShortString(w, "PLAIN");
                LongString(w, $"\0{userName}\0{password}");
                ShortString(w, "en_US");
            }, cancellationToken).ConfigureAwait(false);

            var tune = await ReadMethodAsync(stream, cancellationToken).ConfigureAwait(false);
            if (tune.Method != Tune)
            {
                return false; // the broker refused the credentials
            }

            await WriteMethodAsync(stream, TuneOk, w => w.Write(tune.Arguments), cancellationToken).ConfigureAwait(false);
            await WriteMethodAsync(stream, Open, w =>
            {
                ShortString(w, "/");
                ShortString(w, "");
                w.Write((byte)0);
            }, cancellationToken).ConfigureAwait(false);
            if ((await ReadMethodAsync(stream, cancellationToken).ConfigureAwait(false)).Method != OpenOk)
            {
                return false;
            }

            await WriteMethodAsync(stream, Close, w =>
            {
                w.Write(BinaryPrimitives.ReverseEndianness((ushort)200));
                ShortString(w, "");
                w.Write(0u); // class and method ids: none
            }, cancellationToken).ConfigureAwait(false);
            return (await ReadMethodAsync(stream, cancellationToken).ConfigureAwait(false)).Method == CloseOk;
        }
        catch (Exception e) when (e is SocketException or IOException)
        {
            return false;
        }
    }

    private static async Task<(ushort Method, byte[] Arguments)> ReadMethodAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var header = new byte[7];
        await stream.ReadExactlyAsync(header, cancellationToken).ConfigureAwait(false);
        var payload = new byte[BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(3)) + 1];
        await stream.ReadExactlyAsync(payload, cancellationToken).ConfigureAwait(false);
        if (header[0] != MethodFrame || payload[^1] != FrameEnd || BinaryPrimitives.ReadUInt16BigEndian(payload) != ConnectionClass)
        {
            return (0, []);
        }

        return (BinaryPrimitives.ReadUInt16BigEndian(payload.AsSpan(2)), payload[4..^1]);
    }

    private static async Task WriteMethodAsync(NetworkStream stream, ushort method, Action<BinaryWriter> writeArguments, CancellationToken cancellationToken)
    {
        using var body = new MemoryStream();
        using (var writer = new BinaryWriter(body, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(BinaryPrimitives.ReverseEndianness(ConnectionClass));
            writer.Write(BinaryPrimitives.ReverseEndianness(method));
            writeArguments(writer);
        }

        var frame = new byte[7 + body.Length + 1];
        frame[0] = MethodFrame;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(3), (uint)body.Length);
        body.ToArray().CopyTo(frame, 7);
        frame[^1] = FrameEnd;
        await stream.WriteAsync(frame, cancellationToken).ConfigureAwait(false);
    }

    private static void ShortString(BinaryWriter writer, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        writer.Write((byte)bytes.Length);
        writer.Write(bytes);
    }

    private static void LongString(BinaryWriter writer, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        writer.Write(BinaryPrimitives.ReverseEndianness((uint)bytes.Length));
        writer.Write(bytes);
    }
}
