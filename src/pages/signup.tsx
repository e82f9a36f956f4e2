import Head from "next/head";
import Link from "next/link";
import { useRouter } from "next/router";
import type { FormEvent } from "react";
import { Field } from "~/components/Field";
import { Header } from "~/components/Header";
import { getSessionProps } from "~/server/ssr";
import { trpc } from "~/utils/trpc";

export const getServerSideProps = getSessionProps;

export default function SignUpPage() {
  const router = useRouter();
  const utils = trpc.useUtils();
  const signUp = trpc.auth.signUp.useMutation({
    onSuccess: async (result) => {
      if (result.needsEmailConfirmation) return;
      await utils.auth.me.invalidate();
      await router.push("/");
    },
  });
  const fieldErrors = signUp.error?.data?.zodError?.fieldErrors;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    signUp.mutate({
      email: String(form.get("email")),
      password: String(form.get("password")),
      username: String(form.get("username")),
    });
  }

  return (
    <>
      <Head>
        <title>Sign up</title>
      </Head>
      <Header />
      <main>
        <h1>Create an account</h1>
        {signUp.data?.needsEmailConfirmation && <p role="status">Check your email to confirm your account.</p>}
        <form onSubmit={submit} noValidate>
          <Field label="Username" name="username" autoComplete="username" errors={fieldErrors?.username} />
          <Field label="Email" name="email" type="email" autoComplete="email" errors={fieldErrors?.email} />
          <Field
            label="Password"
            name="password"
            type="password"
            autoComplete="new-password"
            errors={fieldErrors?.password}
          />
          {signUp.error && !fieldErrors && <p role="alert">{signUp.error.message}</p>}
          <button type="submit" disabled={signUp.isPending}>
            {signUp.isPending ? "Creating account…" : "Sign up"}
          </button>
        </form>
        <p>
          Already have an account? <Link href="/login">Sign in</Link>
        </p>
      </main>
    </>
  );
}
