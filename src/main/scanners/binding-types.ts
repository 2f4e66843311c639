/**
 * The slice of serialport's binding interface this driver uses. `@serialport/bindings-interface`
 * ships its types without an `exports` types condition, so under moduleResolution Bundler they do
 * not resolve; this local copy keeps the driver typed (the shapes match serialport 13).
 */
export interface PortInfo {
  path: string;
  manufacturer?: string | undefined;
  serialNumber?: string | undefined;
  pnpId?: string | undefined;
  locationId?: string | undefined;
  productId?: string | undefined;
  vendorId?: string | undefined;
}

export interface BindingInterface {
  list(): Promise<PortInfo[]>;
  // The open options and the returned port stay opaque: only SerialPortStream touches them.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  open(options: any): Promise<any>;
}
