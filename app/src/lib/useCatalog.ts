/** The catalog index as a shared query: loaded once, refreshed when new blocks arrive or after a purchase. */
import { useQuery } from "@tanstack/react-query";
import { loadCatalogIndex } from "../features/catalog/catalogIndex.ts";
import { readClient } from "./tessera.ts";

export const CATALOG_KEY = ["catalog"] as const;

export function useCatalog() {
  return useQuery({
    queryKey: CATALOG_KEY,
    queryFn: () => {
      if (!readClient) throw new Error("No deployment.");
      return loadCatalogIndex(readClient);
    },
    enabled: !!readClient,
    staleTime: 10_000,
    refetchInterval: 30_000,
  });
}
