/** The shell: header with navigation and wallet, the routed page (lazy-loaded except the catalog). */
import { lazy, Suspense, useEffect, useRef } from "react";
import { appConfig } from "./config.ts";
import { CatalogPage } from "./features/catalog/CatalogPage.tsx";
import { WalletBar } from "./features/wallet/WalletBar.tsx";
import { useRoute } from "./lib/router.ts";
import { Empty, Loading } from "./ui/States.tsx";

const AssetPage = lazy(() => import("./features/asset/AssetPage.tsx"));
const LicensesPage = lazy(() => import("./features/licenses/LicensesPage.tsx"));
const CertificatePage = lazy(() => import("./features/licenses/CertificatePage.tsx"));
const StudioPage = lazy(() => import("./features/studio/StudioPage.tsx"));
const ConsortiaPage = lazy(() => import("./features/consortium/ConsortiaPage.tsx"));
const ConsortiumPage = lazy(() => import("./features/consortium/ConsortiumPage.tsx"));
const DisputesPage = lazy(() => import("./features/disputes/DisputesPage.tsx"));

function NoDeployment() {
  return (
    <Empty>
      <h1>No deployment found</h1>
      <p>
        The app reads contract addresses from <code>deployments/&lt;chainId&gt;.json</code>, and there is none. Start
        the local stack with <code>npm start</code> (it deploys and seeds a demo catalog), then reload this page.
      </p>
    </Empty>
  );
}

function Page() {
  const route = useRoute();
  const [first, second] = route.segments;
  if (!appConfig.deployment) return <NoDeployment />;
  if (first === undefined) return <CatalogPage params={route.params} />;
  if (first === "asset" && second && /^\d+$/.test(second)) return <AssetPage assetId={BigInt(second)} />;
  if (first === "licenses") return <LicensesPage />;
  if (first === "license" && second && /^\d+$/.test(second)) return <CertificatePage licenseId={BigInt(second)} />;
  if (first === "studio") return <StudioPage />;
  if (first === "consortia") return <ConsortiaPage />;
  if (first === "consortium" && second && /^0x[0-9a-fA-F]{40}$/.test(second)) {
    return <ConsortiumPage consortium={second as `0x${string}`} />;
  }
  if (first === "disputes") return <DisputesPage />;
  return (
    <Empty>
      <h1>Page not found</h1>
      <p>
        <a href="#/">Back to the catalog</a>
      </p>
    </Empty>
  );
}

export function App() {
  const route = useRoute();
  const main = useRef<HTMLElement>(null);
  // Move focus to the new page for keyboard and screen-reader users, on navigation only: on the
  // first load focus stays at the top of the document, so the first Tab reaches the skip link.
  const shownPath = useRef(route.path);
  useEffect(() => {
    if (shownPath.current === route.path) return;
    shownPath.current = route.path;
    main.current?.focus({ preventScroll: true });
    window.scrollTo(0, 0);
  }, [route.path]);
  const nav = [
    { to: "#/", label: "Catalog", active: route.segments.length === 0 || route.segments[0] === "asset" },
    {
      to: "#/licenses",
      label: "My licenses",
      active: route.segments[0] === "licenses" || route.segments[0] === "license",
    },
    { to: "#/studio", label: "Creator studio", active: route.segments[0] === "studio" },
    {
      to: "#/consortia",
      label: "Consortia",
      active: route.segments[0] === "consortia" || route.segments[0] === "consortium",
    },
    { to: "#/disputes", label: "Disputes", active: route.segments[0] === "disputes" },
  ];
  return (
    <>
      <button type="button" className="skip-link" onClick={() => main.current?.focus()}>
        Skip to content
      </button>
      <header className="site-header">
        <a className="brand" href="#/" aria-label="Tessera home">
          <span className="logo" aria-hidden="true" />
          Tessera
        </a>
        <nav aria-label="Main">
          <ul>
            {nav.map((n) => (
              <li key={n.to}>
                <a href={n.to} aria-current={n.active ? "page" : undefined}>
                  {n.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <WalletBar />
      </header>
      <main id="main" ref={main} tabIndex={-1}>
        <Suspense fallback={<Loading />}>
          <Page />
        </Suspense>
      </main>
      <footer className="site-footer">
        <span>
          Chain {appConfig.deployment?.chainId ?? "—"} · market{" "}
          <code>{appConfig.deployment?.contracts.LicenseMarket.address ?? "—"}</code>
        </span>
      </footer>
    </>
  );
}
