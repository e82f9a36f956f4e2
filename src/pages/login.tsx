import Link from "next/link";
import { useRouter } from "next/router";
import { Button } from "~/components/Button";
import { Card } from "~/components/Card";
import { Field } from "~/components/Field";
import { Layout } from "~/components/Layout";
import { pageData } from "~/server/ssr";
import { messagesOf, setServerErrors, useZodForm } from "~/utils/form";
import { safeNextPath } from "~/utils/safe-next";
import { trpc } from "~/utils/trpc";

export const getServerSideProps = pageData("signedOut");

export default function LoginPage() {
  const router = useRouter();
  const utils = trpc.useUtils();
  const next = safeNextPath(router.query.next);
  const form = useZodForm(() => import("~/schemas/auth").then(({ signInInput }) => signInInput), {
    email: "",
    password: "",
  });
  const { errors } = form.formState;
  const signIn = trpc.auth.signIn.useMutation({
    onSuccess: async () => {
      await utils.auth.me.invalidate();
      await router.push(next);
    },
    onError: (error) => setServerErrors(error, form.setError),
  });

  return (
    <Layout title="Sign in">
      <Card className="mx-auto max-w-md">
        <form onSubmit={form.handleSubmit((input) => signIn.mutate(input))} noValidate className="space-y-4">
          <Field label="Email" errors={messagesOf(errors.email)}>
            {(control) => <input {...control} {...form.register("email")} type="email" autoComplete="email" />}
          </Field>
          <Field label="Password" errors={messagesOf(errors.password)}>
            {(control) => (
              <input {...control} {...form.register("password")} type="password" autoComplete="current-password" />
            )}
          </Field>
          {signIn.error && !signIn.error.data?.zodError && (
            <p role="alert" className="text-sm text-red-600 dark:text-red-400">
              {signIn.error.message}
            </p>
          )}
          <Button type="submit" className="w-full" pending={signIn.isPending} pendingLabel="Signing in…">
            Sign in
          </Button>
        </form>
        <p className="mt-4 text-center text-sm text-zinc-600 dark:text-zinc-400">
          New here?{" "}
          <Link href={{ pathname: "/signup", query: router.query }} className="font-medium text-accent hover:underline">
            Create an account
          </Link>
        </p>
      </Card>
    </Layout>
  );
}
