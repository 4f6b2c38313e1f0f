namespace Uapi.Drm;

/// <summary>One minor of a DRM device.</summary>
/// <param name="Type">Primary, render or accel.</param>
/// <param name="Name">The sysfs and /dev name: card0, renderD128, accel0.</param>
/// <param name="Path">The /dev node, or null when sysfs lists the minor but /dev has no node for it (a container, no devtmpfs).</param>
/// <param name="Major">Device number, major: 226 for primary and render, the accel major (261) for accel.</param>
/// <param name="Minor">Device number, minor: 0-63 primary, 128-191 render, from 0 for accel.</param>
public sealed record DrmNodeInfo(DrmNodeType Type, string Name, string? Path, uint Major, uint Minor);
