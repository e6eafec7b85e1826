import type { TestProject } from "vitest/node";
import { startServer } from "./server";

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    tenant: string;
    adminEmail: string;
    adminPassword: string;
    /** A API subiu com o serviço Baileys simulado (baileys/dist compilado). */
    withBaileys: boolean;
  }
}

/** Uma API para a suíte inteira (subir custa alguns segundos); cada arquivo abre o seu navegador. */
export default async function setup(project: TestProject) {
  const server = await startServer();
  project.provide("baseUrl", server.url);
  project.provide("tenant", server.tenant);
  project.provide("adminEmail", server.adminEmail);
  project.provide("adminPassword", server.adminPassword);
  project.provide("withBaileys", server.withBaileys);
  return async () => {
    await server.stop();
  };
}
