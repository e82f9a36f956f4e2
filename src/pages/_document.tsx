import { Head, Html, Main, NextScript } from "next/document";

// An inline icon: the app serves no static files of its own.
const favicon =
  "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 32 32'%3E%3Crect width='32' height='32' rx='8' fill='%234f46e5'/%3E%3Cpath d='M9 11h14M16 11v12' stroke='white' stroke-width='3.5' stroke-linecap='round'/%3E%3C/svg%3E";

export default function Document() {
  return (
    <Html lang="en">
      <Head>
        <link rel="icon" href={favicon} />
        <meta name="description" content="A board, private to-dos and an account, over typed tRPC procedures." />
      </Head>
      <body>
        <Main />
        <NextScript />
      </body>
    </Html>
  );
}
