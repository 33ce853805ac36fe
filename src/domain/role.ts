export const Role = { Admin: 'Admin', User: 'User' } as const;
export type Role = (typeof Role)[keyof typeof Role];

export const isRole = (value: string): value is Role => value === Role.Admin || value === Role.User;
