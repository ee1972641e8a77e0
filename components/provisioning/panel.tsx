// The provisioning timeline of one application (filled in by the workflow's issue).
export function ProvisioningPanel(_props: { applicationId: string }) {
  return null;
}
