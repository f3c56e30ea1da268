/** Kernel sets (#13): member labels, BTFHub fields, natural order, identical kernels, result groups. */
export { memberLabel, stripPackingExtensions, kernelFields, type KernelFields } from './member-label';
export { compareNatural, compareLabels, compareByFields, type KernelField } from './release-order';
export { collapseIdentical, type HashedKernel, type SetMember } from './collapse';
export { groupResults, groupTitle, type KernelGroup } from './groups';
export { reloResultKey, type KernelReloResults } from './relocs-key';
export { typeMembers, buildTimeline, type KernelTypeMembers, type Timeline, type TimelineCell, type TimelineKernel, type TimelineRow } from './timeline';
