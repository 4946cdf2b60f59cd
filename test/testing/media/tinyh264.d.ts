// tinyh264 ships no types; the tests only reach its two modules through decoders.ts.
declare module 'tinyh264/es/TinyH264.js' {
  const factory: unknown;
  // biome-ignore lint/style/noDefaultExport: describes the package's own default export.
  export default factory;
}
declare module 'tinyh264/es/TinyH264Decoder.js' {
  const Decoder: unknown;
  // biome-ignore lint/style/noDefaultExport: describes the package's own default export.
  export default Decoder;
}
