using System.Net;
using System.Net.Sockets;

namespace Wms.Server.Tests;

/// <summary>Loopback ports for servers the tests start in other processes, shared by the test projects that link this file.</summary>
public static class FreePorts
{
    // Below Linux's ephemeral range (32768-60999), which the system hands out for port 0 and for every outgoing
    // connection: a port picked there could be taken by some test's client connection between the pick and the
    // child process's bind. Here only another test process picking the very same port can, and each process walks
    // the range from its own random start.
    private const int First = 20000;
    private const int Count = 12000;
    private static int _next = Random.Shared.Next(Count);

    /// <summary>A port no one listens on just now, outside the range the system gives to client connections.</summary>
    public static int Next()
    {
        for (int tries = 0; tries < Count; tries++)
        {
            int port = First + (Interlocked.Increment(ref _next) % Count);
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
                // In use: the next one.
            }
        }

        throw new InvalidOperationException($"No free loopback port in {First}-{First + Count - 1}.");
    }
}
