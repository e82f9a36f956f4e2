import Head from "next/head";
import Link from "next/link";
import { useRouter } from "next/router";
import type { FormEvent } from "react";
import { Field } from "~/components/Field";
import { Header } from "~/components/Header";
import { getSessionProps } from "~/server/ssr";
import { trpc } from "~/utils/trpc";

export const getServerSideProps = getSessionProps;

export default function LoginPage() {
  const router = useRouter();
  const utils = trpc.useUtils();
  const signIn = trpc.auth.signIn.useMutation({
    onSuccess: async () => {
      await utils.auth.me.invalidate();
      await router.push("/");
    },
  });
  const fieldErrors = signIn.error?.data?.zodError?.fieldErrors;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    signIn.mutate({ email: String(form.get("email")), password: String(form.get("password")) });
  }

  return (
    <>
      <Head>
        <title>Sign in</title>
      </Head>
      <Header />
      <main>
        <h1>Sign in</h1>
        <form onSubmit={submit} noValidate>
          <Field label="Email" name="email" type="email" autoComplete="email" errors={fieldErrors?.email} />
          <Field
            label="Password"
            name="password"
            type="password"
            autoComplete="current-password"
            errors={fieldErrors?.password}
          />
          {signIn.error && !fieldErrors && <p role="alert">{signIn.error.message}</p>}
          <button type="submit" disabled={signIn.isPending}>
            {signIn.isPending ? "Signing in…" : "Sign in"}
          </button>
        </form>
        <p>
          New here? <Link href="/signup">Create an account</Link>
        </p>
      </main>
    </>
  );
}
