import { Button } from "~/components/Button";
import { Field } from "~/components/Field";
import { messagesOf, setServerErrors, useZodForm } from "~/utils/form";
import { toast } from "~/utils/toast";
import { type RouterOutputs, trpc } from "~/utils/trpc";

type Profile = NonNullable<NonNullable<RouterOutputs["auth"]["me"]>["profile"]>;

export function ProfileForm({ profile }: { profile: Profile }) {
  const utils = trpc.useUtils();
  const form = useZodForm(() => import("~/schemas/profile").then(({ profileUpdateInput }) => profileUpdateInput), {
    username: profile.username,
    displayName: profile.display_name,
  });
  const { errors, isDirty } = form.formState;
  const update = trpc.profile.update.useMutation({
    onSuccess: async (saved) => {
      form.reset({ username: saved.username, displayName: saved.display_name });
      toast.success("Profile saved");
      await utils.auth.me.invalidate();
    },
    onError: (error) => {
      if (!setServerErrors(error, form.setError))
        toast.error("Could not save the profile", { description: error.message });
    },
  });

  return (
    <form onSubmit={form.handleSubmit((input) => update.mutate(input))} noValidate className="space-y-4">
      <Field
        label="Username"
        hint="3 to 24 lower-case letters, digits or _; shown as @username."
        errors={messagesOf(errors.username)}
      >
        {(control) => <input {...control} {...form.register("username")} autoComplete="username" />}
      </Field>
      <Field label="Display name" hint="Optional." errors={messagesOf(errors.displayName)}>
        {(control) => (
          <input
            {...control}
            {...form.register("displayName", { setValueAs: (value: string | null) => (value?.trim() ? value : null) })}
            autoComplete="name"
          />
        )}
      </Field>
      <div className="flex justify-end">
        <Button type="submit" disabled={!isDirty} pending={update.isPending} pendingLabel="Saving…">
          Save profile
        </Button>
      </div>
    </form>
  );
}
