// esbuild's text loader (--loader:.hex=text) turns an imported .hex file into its text.
declare module "*.hex" {
  const text: string;
  export default text;
}
