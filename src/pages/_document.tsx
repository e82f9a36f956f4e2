import Document, { type DocumentContext, Head, Html, Main, NextScript } from "next/document";

// An inline icon: the app serves no static files of its own.
const favicon =
  "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 32 32'%3E%3Crect width='32' height='32' rx='8' fill='%234f46e5'/%3E%3Cpath d='M9 11h14M16 11v12' stroke='white' stroke-width='3.5' stroke-linecap='round'/%3E%3C/svg%3E";

/** IMPORTANT: Next's scripts run only with the nonce that src/proxy.ts put in this response's CSP. */
export default class AppDocument extends Document<{ nonce?: string }> {
  static async getInitialProps(context: DocumentContext) {
    const initialProps = await Document.getInitialProps(context);
    const nonce = context.req?.headers["x-nonce"];
    return { ...initialProps, nonce: typeof nonce === "string" ? nonce : undefined };
  }

  render() {
    const { nonce } = this.props;
    return (
      <Html lang="en">
        <Head nonce={nonce}>
          <link rel="icon" href={favicon} />
          <meta name="description" content="A board, private to-dos and an account, over typed tRPC procedures." />
        </Head>
        <body>
          <Main />
          <NextScript nonce={nonce} />
        </body>
      </Html>
    );
  }
}
