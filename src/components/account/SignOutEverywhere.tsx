import { useRouter } from "next/router";
import { toast } from "sonner";
import { Button } from "~/components/Button";
import { trpc } from "~/utils/trpc";

export function SignOutEverywhere() {
  const router = useRouter();
  const utils = trpc.useUtils();
  const signOut = trpc.auth.signOutEverywhere.useMutation({
    onSuccess: async () => {
      toast.success("Signed out on every device");
      await router.push("/login");
      await utils.invalidate();
    },
    onError: (error) => toast.error("Could not sign out everywhere", { description: error.message }),
  });
  return (
    <Button variant="danger" onClick={() => signOut.mutate()} pending={signOut.isPending} pendingLabel="Signing out…">
      Sign out everywhere
    </Button>
  );
}
