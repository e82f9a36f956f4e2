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

export default function SignUpPage() {
  const router = useRouter();
  const utils = trpc.useUtils();
  const form = useZodForm(() => import("~/schemas/auth").then(({ signUpInput }) => signUpInput), {
    username: "",
    email: "",
    password: "",
  });
  const { errors } = form.formState;
  const signUp = trpc.auth.signUp.useMutation({
    onSuccess: async (result) => {
      if (result.needsEmailConfirmation) return;
      await utils.auth.me.invalidate();
      await router.push(safeNextPath(router.query.next));
    },
    onError: (error) => setServerErrors(error, form.setError),
  });

  return (
    <Layout title="Create an account">
      <Card className="mx-auto max-w-md">
        {signUp.data?.needsEmailConfirmation && (
          <p role="status" className="mb-4 text-sm">
            Check your email to confirm your account.
          </p>
        )}
        <form onSubmit={form.handleSubmit((input) => signUp.mutate(input))} noValidate className="space-y-4">
          <Field label="Username" hint="3 to 24 lower-case letters, digits or _." errors={messagesOf(errors.username)}>
            {(control) => <input {...control} {...form.register("username")} autoComplete="username" />}
          </Field>
          <Field label="Email" errors={messagesOf(errors.email)}>
            {(control) => <input {...control} {...form.register("email")} type="email" autoComplete="email" />}
          </Field>
          <Field label="Password" hint="At least 8 characters." errors={messagesOf(errors.password)}>
            {(control) => (
              <input {...control} {...form.register("password")} type="password" autoComplete="new-password" />
            )}
          </Field>
          {signUp.error && !signUp.error.data?.zodError && (
            <p role="alert" className="text-sm text-red-600 dark:text-red-400">
              {signUp.error.message}
            </p>
          )}
          <Button type="submit" className="w-full" pending={signUp.isPending} pendingLabel="Creating account…">
            Sign up
          </Button>
        </form>
        <p className="mt-4 text-center text-sm text-zinc-600 dark:text-zinc-400">
          Already have an account?{" "}
          <Link href={{ pathname: "/login", query: router.query }} className="font-medium text-accent hover:underline">
            Sign in
          </Link>
        </p>
      </Card>
    </Layout>
  );
}
