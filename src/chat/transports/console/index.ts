export { ConsoleTransport, type ConsoleTransportOptions, runConsole } from './console.js';
