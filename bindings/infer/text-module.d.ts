// esbuild's text loader (--loader:.txt=text) turns an imported .txt file into its text.
declare module "*.txt" {
  const text: string;
  export default text;
}
