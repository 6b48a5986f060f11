/**
 * Node's network (`node:net`, `node:dgram`) behind the {@link Network}
 * seam: the default of every runtime's driver. Each call makes the Node
 * handle and gives it to its readiness source, exactly as the socket types
 * did before the seam.
 */
import * as dgram from "node:dgram";
import * as net from "node:net";
import type { Driver } from "../driver";
import type { Network } from "./network";
import { ListenerSource } from "./socket-listener";
import { SocketSource } from "./socket-source";
import { UdpSource } from "./socket-udp";

function noop(): void {}

/**
 * The real network.
 *
 * @example
 * const src = nodeNetwork.connect(driver, "127.0.0.1", 8080); // a SocketSource over net.connect
 */
export const nodeNetwork: Network = {
  connect(driver: Driver, host: string, port: number): SocketSource {
    const socket = net.connect({ host, port, allowHalfOpen: true });
    return new SocketSource(socket, driver, net.isIP(host) === 6 ? `[${host}]:${port}` : `${host}:${port}`, false);
  },

  listen(driver: Driver, host: string, port: number, backlog: number): ListenerSource {
    const server = net.createServer({ allowHalfOpen: true, pauseOnConnect: true });
    // A queued connection's error (a reset before accept) is swallowed: it then reads as ended.
    const src = new ListenerSource(server, driver, backlog, noop);
    server.listen({ host, port, backlog });
    return src;
  },

  bindUdp(driver: Driver, host: string, port: number, maxQueued: number): UdpSource {
    const socket = dgram.createSocket(net.isIP(host) === 6 ? "udp6" : "udp4");
    const src = new UdpSource(socket, driver, maxQueued);
    socket.bind(port, host);
    return src;
  },
};
