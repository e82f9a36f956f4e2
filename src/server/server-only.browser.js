// What `#server-only` resolves to in the browser bundle (see "imports" in package.json).
// Next fails the build on this import from client code, naming the chain of imports that
// pulled server code into the page. The pages router cannot use `server-only` directly:
// Next rejects it in getServerSideProps too.
import "server-only";
